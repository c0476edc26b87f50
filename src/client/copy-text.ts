// "Copy" buttons (data-copy="<textarea id>"): shown only when this script runs; without it the
// text stays selectable in its read-only box.
export function setUpCopyButtons(): void {
  for (const button of Array.from(document.querySelectorAll<HTMLButtonElement>('button[data-copy]'))) {
    const target = document.getElementById(button.dataset.copy!) as HTMLTextAreaElement | null;
    if (!target) continue;
    button.hidden = false;
    button.addEventListener('click', () => {
      target.select();
      const done = () => button.setAttribute('aria-pressed', 'true');
      if (navigator.clipboard?.writeText)
        void navigator.clipboard.writeText(target.value).then(done, () => document.execCommand('copy') && done());
      else if (document.execCommand('copy')) done();
    });
  }
}
