// Sign-in: the member's address, password and server (the page's origin by default).
// No "trust this other server" button here (view.host_to_accept): the page
// only ever talks to its own origin, so another host could not be reached.
import type { ViewModel } from "../bridge/view_model";
import type { Core } from "../bridge/core";
import { labels, type Labels } from "../i18n";
import type { Handler } from "./context";
import { esc, inputValue } from "./html";
import { languagePicker } from "./language";

/** What the sign-in form reads of the view model. */
export type SignInView = Pick<ViewModel, "locale" | "signing_in" | "sign_in_error" | "error_detail" | "sign_in_page">;

/** The form as the core would draw it for someone not signed in: what a first visit shows before the core has loaded. */
export const signedOut = (locale: string): SignInView =>
  ({ locale, signing_in: false, sign_in_error: null, error_detail: null, sign_in_page: null });

/**
 * What the form itself found missing, kept until the form is sent: the page
 * is drawn again whenever the core renders (its start-up may end after the
 * check), and the sentence must survive that, in the language shown.
 */
let formProblem: "emailNeeded" | "passwordNeeded" | null = null;

export function signInForm(view: SignInView, t: Labels): string {
  if (view.sign_in_page) return serverPage(view.sign_in_page, t);
  return `<main class="narrow"><h1>Nubo</h1>
    <form id="sign-in" aria-describedby="sign-in-error" novalidate>
      <label>${t.email}<input id="email" name="email" type="email" autocomplete="username"></label>
      <label>${t.password}<input id="password" name="password" type="password" autocomplete="current-password"></label>
      <label>${t.server}<input id="server" name="server" inputmode="url" autocapitalize="none" spellcheck="false" value="${esc(location.origin + "/")}"></label>
      <label>${t.userName}<input id="username" name="login" autocomplete="off" autocapitalize="none" spellcheck="false" aria-describedby="username-hint"></label>
      <p id="username-hint" class="hint">${t.userNameHint}</p>
      <button type="submit" ${view.signing_in ? "disabled" : ""}>${t.signIn}</button>
      <p id="sign-in-error" role="alert" class="error">${esc(view.sign_in_error ?? (formProblem && t[formProblem]))}</p>${view.sign_in_error && view.error_detail
        ? `<details class="detail"><summary>${t.details}</summary><code>${esc(view.error_detail)}</code></details>` : ""}
      <p class="hint">${t.orOnServerPage}</p>
      <button type="button" id="sign-in-browser" class="quiet" ${view.signing_in ? "disabled" : ""}>${t.signInOnServerPage}</button>
    </form>${languagePicker(view, t)}</main>`;
}

/**
 * Waiting for the member to allow the app on their server's page. The page
 * opens from the member's own tap: a tab opened later, when the core has
 * the address, would be blocked as a pop-up.
 */
function serverPage(page: string, t: Labels): string {
  return `<main class="narrow"><h1>Nubo</h1>
    <section id="server-page" aria-busy="true">
      <h2>${t.allowOnServerPage}</h2>
      <p>${t.allowOnServerPageDetail}</p>
      <a class="button" id="open-server-page" href="${esc(page)}" target="_blank" rel="noopener noreferrer">${t.openServerPage}</a>
      <button type="button" id="stop-waiting" class="quiet">${t.stopWaiting}</button>
    </section></main>`;
}

export const onClick: Handler<HTMLButtonElement> = ({ core }, button) => {
  if (button.id === "sign-in-browser") {
    if (missing(shown(core), false)) return true;
    core.send({ SignInWithBrowser: { email: inputValue("email"), server_url: inputValue("server") || null, accept_host: null } });
    return true;
  }
  if (button.id === "stop-waiting") {
    core.send("CancelBrowserSignIn");
    return true;
  }
  return false;
};

/**
 * What is missing, said in the member's language before anything is sent
 * (the browser's own bubbles speak its language, not the app's: the form is
 * `novalidate`). The field to fix takes the focus.
 */
function missing(t: Labels, needsPassword: boolean): boolean {
  const [field, problem] = !inputValue("email").includes("@") ? ["email", "emailNeeded" as const]
    : needsPassword && !inputValue("password") ? ["password", "passwordNeeded" as const] : [null, null];
  formProblem = problem;
  const alert = document.getElementById("sign-in-error");
  if (alert) alert.textContent = problem ? t[problem] : "";
  if (field) document.getElementById(field)?.focus();
  return field !== null;
}

/** The labels the sign-in page is drawn with. */
const shown = (core: Core): Labels => labels(core.view().locale || navigator.language);

export const onSubmit: Handler<HTMLFormElement> = ({ core }, form) => {
  if (form.id !== "sign-in") return false;
  if (missing(shown(core), true)) return true;
  core.send({ SignIn: { email: inputValue("email"), password: inputValue("password"), server_url: inputValue("server") || null, accept_host: null,
    username: inputValue("username").trim() || null } });
  return true;
};
