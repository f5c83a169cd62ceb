// The browser has no keychain a page can use: the password stays in this
// origin's localStorage, never in the database or a cookie. Types mirror
// shared/src/effects/secrets.rs (serde JSON).

/** `shared::effects::SecretRequest`. */
export type SecretRequest = { Get: { key: string } } | { Set: { key: string; value: string } } | { Delete: { key: string } };

/** `shared::effects::SecretResponse`. */
export type SecretResponse = { Value: string | null } | "Done" | { Error: string };

const PREFIX = "nubo-secret:";

export function secret(request: SecretRequest): SecretResponse {
  if ("Get" in request) return { Value: localStorage.getItem(PREFIX + request.Get.key) };
  if ("Set" in request) {
    localStorage.setItem(PREFIX + request.Set.key, request.Set.value);
    return "Done";
  }
  localStorage.removeItem(PREFIX + request.Delete.key);
  return "Done";
}
