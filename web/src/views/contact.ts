// The open contact: detail and edit form (name, first phone, organisation);
// every other field of the vCard goes back as the core gave it.
import type { ContactView } from "../bridge/view_model";
import type { Labels } from "../i18n";
import type { Handler } from "./context";
import { esc, inputValue } from "./html";

export function contactForm(s: ContactView | null, t: Labels): string {
  return s ? `<form id="contact" data-id="${s.id}" aria-label="${esc(s.fields.full_name)}">
      <label>${t.name}<input id="f-name" value="${esc(s.fields.full_name)}" ${s.read_only ? "readonly" : ""}></label>
      <label>${t.phone}<input id="f-phone" value="${esc(s.fields.phones[0]?.value ?? "")}" ${s.read_only ? "readonly" : ""}></label>
      <label>${t.org}<input id="f-org" value="${esc(s.fields.org)}" ${s.read_only ? "readonly" : ""}></label>
      ${s.read_only ? "" : `<button type="submit">${t.save}</button>`}<button type="button" id="close">${t.close}</button></form>` : "";
}

export const onClick: Handler<HTMLButtonElement> = ({ core }, button) => {
  if (button.id !== "close") return false;
  core.send("CloseContact");
  return true;
};

export const onSubmit: Handler<HTMLFormElement> = ({ core }, form) => {
  if (form.id !== "contact") return false;
  const selected = core.view().selected;
  if (!selected) return true; // closed meanwhile (a sync, a sign-out): nothing to save
  const fields = structuredClone(selected.fields);
  fields.full_name = inputValue("f-name");
  fields.org = inputValue("f-org");
  const phone = inputValue("f-phone").trim();
  fields.phones = phone ? [{ label: fields.phones[0]?.label ?? "", value: phone }, ...fields.phones.slice(1)] : fields.phones.slice(1);
  core.send({ SaveContact: { id: Number(form.dataset.id), fields } });
  return true;
};
