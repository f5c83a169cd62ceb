// HTTP through fetch. The account's server is the page's own origin;
// feeds of other sites are read with CORS and never get credentials (the
// core adds them only for the account's origin, and `credentials: "omit"`).
// A page cannot read a redirect's Location, so the core cannot decide on
// one as it does natively: the browser follows it (Nextcloud's
// /.well-known/carddav → /remote.php/dav/), and an answer that ended on
// another origin than the one asked is refused. Browsers drop
// `Authorization` on a redirect to another origin (Fetch standard), so the
// member's password does not follow it there. Types mirror
// shared/src/effects/http.rs (serde JSON).

/** `shared::effects::HttpRequest`. */
export interface HttpRequest {
  method: string;
  url: string;
  headers: [string, string][];
  body: number[];
}

/** `shared::effects::http::HttpResponse`. */
export interface HttpResponse {
  status: number;
  headers: [string, string][];
  body: number[];
}

/** `shared::effects::http::HttpError`: the request never got a status line. */
export type HttpError =
  | { Connect: string }
  | "Timeout"
  | { Tls: string }
  | { Body: string }
  | { TooLarge: { limit_bytes: number } }
  | { Other: string };

/** `shared::effects::http::HttpResult`. */
export type HttpResult = { Ok: HttpResponse } | { Err: HttpError };

export async function http(request: HttpRequest): Promise<HttpResult> {
  try {
    const response = await fetch(request.url, {
      method: request.method,
      headers: request.headers,
      body: request.body.length ? new Uint8Array(request.body) : undefined,
      redirect: "follow",
      cache: "no-store",
      credentials: "omit",
    });
    if (response.redirected && new URL(response.url).origin !== new URL(request.url).origin) {
      return { Err: { Other: `redirected to another site (${new URL(response.url).origin})` } };
    }
    const body = Array.from(new Uint8Array(await response.arrayBuffer()));
    const headers: [string, string][] = [];
    response.headers.forEach((value, name) => headers.push([name, value]));
    return { Ok: { status: response.status, headers, body } };
  } catch (e) {
    return { Err: { Connect: navigator.onLine ? String(e) : "offline" } };
  }
}
