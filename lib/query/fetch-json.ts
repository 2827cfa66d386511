/** An API error as the JSON API sends it (README "JSON API"), kept whole for the error boundary and banners. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly action?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** The one client-side fetch helper: JSON in, `ApiError` with the server's message out. */
export async function fetchJson<T>(url: string, init?: RequestInit): Promise<T> {
  const r = await fetch(url, { ...init, headers: { accept: 'application/json', ...(init?.headers ?? {}) } });
  const text = await r.text();
  let body: unknown = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    // not JSON: fall through with the status
  }
  if (!r.ok) {
    const err = (body as { error?: { code?: string; message?: string; action?: string } } | null)?.error;
    throw new ApiError(r.status, err?.code ?? 'http-error', err?.message ?? `The server answered ${r.status}.`, err?.action);
  }
  return body as T;
}
