// HTTP through fetch, same origin only (the server sends no CORS headers);
// redirects are not followed, as the core decides on them. Types mirror
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
      redirect: "manual",
      cache: "no-store",
      credentials: "omit",
    });
    if (response.type === "opaqueredirect") {
      return { Err: { Connect: "redirect not followed by the browser" } };
    }
    const body = Array.from(new Uint8Array(await response.arrayBuffer()));
    const headers: [string, string][] = [];
    response.headers.forEach((value, name) => headers.push([name, value]));
    return { Ok: { status: response.status, headers, body } };
  } catch (e) {
    return { Err: { Connect: navigator.onLine ? String(e) : "offline" } };
  }
}
