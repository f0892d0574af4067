/**
 * Typed fetch client for /api/v1. The session is the HttpOnly `iren_session` cookie, which the browser sends
 * by itself (`credentials: 'same-origin'`); this code never reads or writes it.
 */

export const API_BASE = '/api/v1';

/** An error answered by the API (`{ error: { code, message, details } }`) or a network failure (code NETWORK). */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: Record<string, unknown>;
  constructor(status: number, code: string, message: string, details: Record<string, unknown> = {}) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
  }

  /** The form field a VALIDATION_FAILED (or similar) error points at, without the `body.` prefix. */
  get field(): string | null {
    const f = this.details.field;
    return typeof f === 'string' ? f.replace(/^(body|querystring|params)\.?/, '') || null : null;
  }
}

export function isApiError(e: unknown): e is ApiError {
  return e instanceof ApiError;
}

type Query = Record<string, string | number | boolean | null | undefined>;

export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null || v === '') continue;
    params.set(k, String(v));
  }
  const s = params.toString();
  return s ? `${path}?${s}` : path;
}

async function parseError(res: Response): Promise<ApiError> {
  let body: unknown = null;
  try {
    body = await res.json();
  } catch {
    // not JSON (a proxy error page, for example)
  }
  const err = (body as { error?: { code?: unknown; message?: unknown; details?: unknown } } | null)?.error;
  if (err && typeof err.code === 'string') {
    const details = err.details && typeof err.details === 'object' ? (err.details as Record<string, unknown>) : {};
    return new ApiError(res.status, err.code, typeof err.message === 'string' ? err.message : err.code, details);
  }
  return new ApiError(res.status, res.status >= 500 ? 'INTERNAL' : 'HTTP_ERROR', `${res.status} ${res.statusText}`);
}

export async function request<T>(method: string, path: string, opts: { query?: Query; body?: unknown; form?: FormData; signal?: AbortSignal } = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  const init: RequestInit = { method, headers, credentials: 'same-origin', signal: opts.signal };
  if (opts.form) {
    // The browser sets the multipart content type with its boundary.
    init.body = opts.form;
  } else if (opts.body !== undefined) {
    headers['content-type'] = 'application/json';
    init.body = JSON.stringify(opts.body);
  }
  let res: Response;
  try {
    res = await fetch(withQuery(API_BASE + path, opts.query), init);
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e;
    throw new ApiError(0, 'NETWORK', e instanceof Error ? e.message : 'Network error');
  }
  if (!res.ok) throw await parseError(res);
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

export const api = {
  get: <T>(path: string, query?: Query, signal?: AbortSignal) => request<T>('GET', path, { query, signal }),
  post: <T>(path: string, body?: unknown) => request<T>('POST', path, { body: body ?? {} }),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, { body }),
  delete: <T>(path: string) => request<T>('DELETE', path),
  /** multipart/form-data: fields are sent in insertion order (the server reads fields before the file). */
  upload: <T>(path: string, form: FormData) => request<T>('POST', path, { form }),
};
