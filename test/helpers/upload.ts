// Multipart uploads over a real socket, written piece by piece, to see what the server answers and
// how much of the body it had been sent by then (app.inject() always delivers the whole body first).
import { request, type IncomingHttpHeaders } from 'node:http';

export interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
  /** Bytes of the body the client had written when the answer's headers arrived. */
  sentAtAnswer: number;
}

/** The parts of a multipart body around one file's content: fields first, as our forms send them. */
export function multipartFrame(fields: Record<string, string>, file: { field: string; name: string; type: string }) {
  const boundary = `----dauys${Math.random().toString(16).slice(2)}`;
  let head = '';
  for (const [k, v] of Object.entries(fields))
    head += `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`;
  const fileHead = (f: typeof file) =>
    `--${boundary}\r\nContent-Disposition: form-data; name="${f.field}"; filename="${f.name}"\r\nContent-Type: ${f.type}\r\n\r\n`;
  return {
    contentType: `multipart/form-data; boundary=${boundary}`,
    head: Buffer.from(head + fileHead(file)),
    /** What goes between one file's content and the next file's. */
    between: (next: typeof file) => Buffer.from(`\r\n${fileHead(next)}`),
    tail: Buffer.from(`\r\n--${boundary}--\r\n`),
  };
}

/** An open POST: write to it at your own pace; `answer` settles when the server has replied in full. */
export function openPost(url: string, headers: Record<string, string | number>) {
  let sent = 0;
  let answered: Answer | null = null;
  const req = request(url, { method: 'POST', headers });
  const answer = new Promise<Answer>((resolve, reject) => {
    req.on('response', (res) => {
      const at = sent;
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve(
          (answered = {
            status: res.statusCode!,
            headers: res.headers,
            body: Buffer.concat(chunks).toString(),
            sentAtAnswer: at,
          }),
        ),
      );
    });
    // Once answered, the server may stop reading and close: writing then fails, which is expected.
    req.on('error', (err) => (answered ? undefined : reject(err)));
  });
  return {
    answer,
    get answered() {
      return answered !== null;
    },
    async write(data: Buffer): Promise<void> {
      sent += data.length;
      if (!req.write(data)) await new Promise((r) => req.once('drain', r));
    },
    end: () => req.end(),
    destroy: () => req.destroy(),
  };
}

/**
 * Sends `fields` and then a file of `fileBytes` zero bytes: the first `fast` bytes at full speed,
 * the rest 64 KiB at a time every 10 ms. Stops writing as soon as an answer arrives and gives up
 * `deadlineMs` after the fast part (an answer of status 0 then means none came).
 */
export async function slowUpload(
  url: string,
  opts: {
    fields: Record<string, string>;
    file: { field: string; name: string; type: string };
    fileBytes: number;
    fast?: number;
    headers?: Record<string, string>;
    deadlineMs?: number;
  },
): Promise<Answer & { total: number }> {
  const { contentType, head, tail } = multipartFrame(opts.fields, opts.file);
  const total = head.length + opts.fileBytes + tail.length;
  const post = openPost(url, { ...opts.headers, 'content-type': contentType, 'content-length': total });
  const chunk = Buffer.alloc(64 * 1024);
  const sending = (async () => {
    await post.write(head);
    let left = opts.fileBytes;
    let deadline = Infinity;
    while (left > 0 && !post.answered && Date.now() < deadline) {
      const n = Math.min(left, chunk.length);
      await post.write(chunk.subarray(0, n));
      left -= n;
      if (opts.fileBytes - left >= (opts.fast ?? 0)) {
        if (deadline === Infinity) deadline = Date.now() + (opts.deadlineMs ?? 3000);
        await new Promise((r) => setTimeout(r, 10));
      }
    }
    if (post.answered) return post.answer;
    if (left > 0) return null; // gave up waiting
    await post.write(tail);
    post.end();
    return post.answer;
  })().catch(() => post.answer);
  const timeout = new Promise<null>((r) => setTimeout(() => r(null), (opts.deadlineMs ?? 3000) + 20_000).unref());
  const answer = await Promise.race([post.answer, sending, timeout]);
  post.destroy();
  return answer ? { ...answer, total } : { status: 0, headers: {}, body: '', sentAtAnswer: total, total };
}
