// An upload's status page: while its import runs, the progress bar and figures are refreshed from
// the page's small JSON status every second; when the import ends the page is loaded again, with
// its summary. Without this script the page reloads itself (a meta refresh inside <noscript>).
// The upload form: a file over the site's limit is refused before it is sent.
export function setUpUploadProgress(): void {
  const box = document.querySelector<HTMLElement>('[data-upload-status]');
  if (box) {
    const url = box.dataset.uploadStatus!;
    const bar = box.querySelector<HTMLProgressElement>('progress');
    const status = box.querySelector<HTMLElement>('[data-upload-field="status"]');
    const text = box.querySelector<HTMLElement>('[data-upload-field="text"]');
    const poll = async () => {
      try {
        const res = await fetch(url, { credentials: 'same-origin', headers: { accept: 'application/json' } });
        if (!res.ok) throw new Error(String(res.status));
        const s = (await res.json()) as {
          status: string;
          statusText: string;
          text: string;
          size: number;
          bytesRead: number;
        };
        if (bar) {
          bar.max = s.size || 1;
          bar.value = Math.min(s.bytesRead, bar.max);
          bar.textContent = s.text;
        }
        if (status) status.textContent = s.statusText;
        if (text) text.textContent = s.text;
        if (s.status === 'done' || s.status === 'failed') return window.location.reload();
      } catch {
        /* a missed poll: the next one tries again */
      }
      setTimeout(poll, 1000);
    };
    setTimeout(poll, 500);
  }

  const form = document.querySelector<HTMLFormElement>('form[data-max-bytes]');
  const input = form?.querySelector<HTMLInputElement>('input[type="file"]');
  if (form && input) {
    const max = Number(form.dataset.maxBytes);
    input.addEventListener('change', () => {
      const big = Array.from(input.files ?? []).some((f) => f.size > max);
      input.setCustomValidity(big ? (form.dataset.tooLarge ?? '') : '');
      if (big) input.reportValidity();
    });
  }
}
