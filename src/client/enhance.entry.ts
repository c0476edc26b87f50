// Progressive enhancement for every page. Pages work fully without this script.
// - Quick exit: replaces the page (no back-history entry) on click or on Esc pressed twice.
// - Error summaries take focus so screen-reader users hear what went wrong.
// - Petition sign forms solve their proof-of-work challenge in the background.
// - Copy buttons for prepared letters (appeals).
// - The monitor's uploads: a live progress bar, and files over the size limit refused before sending.
import { setUpCopyButtons } from './copy-text.ts';
import { setUpProofOfWork } from './petition-pow.ts';
import { setUpUploadProgress } from './upload-progress.ts';

function quickExit(url: string): void {
  try {
    document.body.innerHTML = '';
    document.title = '';
  } catch {
    /* the page is going away anyway */
  }
  window.location.replace(url);
}

function setUpQuickExit(): void {
  const link = document.querySelector<HTMLAnchorElement>('a[data-quick-exit]');
  if (!link) return;
  const url = link.href;
  link.querySelector<HTMLElement>('.quick-exit__hint')?.removeAttribute('hidden');
  link.addEventListener('click', (e) => {
    e.preventDefault();
    quickExit(url);
  });
  let last = 0;
  document.addEventListener('keydown', (e) => {
    if (e.key !== 'Escape') return;
    const now = Date.now();
    if (now - last < 800) quickExit(url);
    last = now;
  });
}

function focusErrors(): void {
  const summary = document.getElementById('error-summary');
  if (summary) summary.focus();
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
else init();

function init(): void {
  setUpQuickExit();
  focusErrors();
  setUpProofOfWork();
  setUpCopyButtons();
  setUpUploadProgress();
}
