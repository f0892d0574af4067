/** A minimal Server-Sent-Events reader over a real HTTP connection, for medium tests. */
import http from 'node:http';

export interface SseEvent {
  event: string;
  data: unknown;
  id?: string;
}

export interface SseStream {
  status: number;
  events: SseEvent[];
  comments: string[];
  ended: Promise<void>;
  /** Resolves with the first event (already received or future) that satisfies `pred`. */
  next(pred: (e: SseEvent) => boolean): Promise<SseEvent>;
  nextComment(): Promise<string>;
  close(): void;
}

export function openSse(url: string, headers: Record<string, string>): Promise<SseStream> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { headers: { accept: 'text/event-stream', ...headers } }, (res) => {
      const events: SseEvent[] = [];
      const comments: string[] = [];
      const waiters: (() => void)[] = [];
      const wake = () => waiters.splice(0).forEach((w) => w());
      let buffer = '';
      let endedResolve: () => void = () => {};
      const ended = new Promise<void>((r) => (endedResolve = r));
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffer += chunk;
        let at: number;
        while ((at = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, at);
          buffer = buffer.slice(at + 2);
          const ev: SseEvent = { event: 'message', data: null };
          let data = '';
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) comments.push(line.slice(1).trim());
            else if (line.startsWith('event: ')) ev.event = line.slice(7);
            else if (line.startsWith('data: ')) data += line.slice(6);
            else if (line.startsWith('id: ')) ev.id = line.slice(4);
          }
          if (data) {
            ev.data = JSON.parse(data);
            events.push(ev);
          }
        }
        wake();
      });
      res.on('end', () => {
        endedResolve();
        wake();
      });
      res.on('close', () => {
        endedResolve();
        wake();
      });
      const waitFor = <T>(find: () => T | undefined, what: string): Promise<T> =>
        new Promise((ok, fail) => {
          const check = () => {
            const found = find();
            if (found !== undefined) return ok(found);
            if (res.readableEnded || res.destroyed) return fail(new Error(`stream ended before ${what}`));
            waiters.push(check);
          };
          check();
        });
      resolve({
        status: res.statusCode ?? 0,
        events,
        comments,
        ended,
        next: (pred) => waitFor(() => events.find(pred), 'the expected event'),
        nextComment: () => waitFor(() => comments[0], 'a comment'),
        close: () => req.destroy(),
      });
    });
    req.on('error', reject);
  });
}
