// The language picker, on the sign-in form and in the header.
import { rememberLocale, timeZone } from "../bridge/core";
import type { ViewModel } from "../bridge/view_model";
import type { Labels } from "../i18n";
import type { Handler } from "./context";

export function languagePicker(view: Pick<ViewModel, "locale">, t: Labels): string {
  const current = (view.locale || "en").slice(0, 2);
  const option = (code: string, name: string) => `<option value="${code}" ${current === code ? "selected" : ""}>${name}</option>`;
  return `<label class="lang"><span class="lang-label">${t.language}</span> <select id="lang">${option("fr", "Français")}${option("nl", "Nederlands")}${option("en", "English")}</select></label>`;
}

/** A language chosen: kept for the next visit, and the core starts again in it. */
export const onChange: Handler<HTMLSelectElement> = ({ core }, select) => {
  if (select.id !== "lang") return false;
  rememberLocale(select.value);
  core.send({ Start: { locale: select.value, time_zone: timeZone(), screens: null } });
  return true;
};
