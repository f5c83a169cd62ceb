// The shell's own labels (buttons, fields); every sentence about the
// member's data comes from the core, already in their language.
const LABELS = {
  en: {
    signIn: "Sign in", email: "Nubo address", password: "Password or app password", server: "Server address",
    agenda: "Agenda", contacts: "Contacts", sync: "Sync now", search: "Search contacts", upcoming: "Upcoming",
    day: "Day", week: "Week", month: "Month", save: "Save", close: "Close", name: "Name", phone: "Phone",
    org: "Organisation", newContact: "New contact", offline: "Offline: changes are kept and sent later.",
    pending: "waiting to be sent", language: "Language", signOut: "Sign out", noEvents: "Nothing planned in this period.", previous: "Previous", next: "Next",
    newEvent: "New event", title: "Title", start: "Start", end: "End", place: "Place", cancelOccurrence: "Cancel this occurrence", deleteEvent: "Delete", thisOccurrence: "Changes apply to this occurrence only.",
  },
  fr: {
    signIn: "Se connecter", email: "Adresse Nubo", password: "Mot de passe ou mot de passe d’application", server: "Adresse du serveur",
    agenda: "Agenda", contacts: "Contacts", sync: "Synchroniser", search: "Rechercher un contact", upcoming: "À venir",
    day: "Jour", week: "Semaine", month: "Mois", save: "Enregistrer", close: "Fermer", name: "Nom", phone: "Téléphone",
    org: "Organisation", newContact: "Nouveau contact", offline: "Hors ligne : les modifications sont gardées et envoyées plus tard.",
    pending: "en attente d’envoi", language: "Langue", signOut: "Se déconnecter", noEvents: "Rien de prévu sur cette période.", previous: "Précédent", next: "Suivant",
    newEvent: "Nouvel événement", title: "Titre", start: "Début", end: "Fin", place: "Lieu", cancelOccurrence: "Annuler cette occurrence", deleteEvent: "Supprimer", thisOccurrence: "Les changements ne valent que pour cette occurrence.",
  },
  nl: {
    signIn: "Aanmelden", email: "Nubo-adres", password: "Wachtwoord of app-wachtwoord", server: "Serveradres",
    agenda: "Agenda", contacts: "Contacten", sync: "Nu synchroniseren", search: "Contacten zoeken", upcoming: "Komend",
    day: "Dag", week: "Week", month: "Maand", save: "Bewaren", close: "Sluiten", name: "Naam", phone: "Telefoon",
    org: "Organisatie", newContact: "Nieuw contact", offline: "Offline: wijzigingen worden bewaard en later verstuurd.",
    pending: "wacht op verzending", language: "Taal", signOut: "Afmelden", noEvents: "Niets gepland in deze periode.", previous: "Vorige", next: "Volgende",
    newEvent: "Nieuwe afspraak", title: "Titel", start: "Begin", end: "Einde", place: "Plaats", cancelOccurrence: "Deze keer schrappen", deleteEvent: "Verwijderen", thisOccurrence: "Wijzigingen gelden alleen voor deze keer.",
  },
};

export type Label = keyof typeof LABELS.en;
export type Labels = Record<Label, string>;

/** "fr-BE" → French; the core's locale tag decides, English otherwise. */
export function labels(locale: string): Labels {
  const lang = locale.slice(0, 2).toLowerCase();
  return lang === "fr" || lang === "nl" ? LABELS[lang] : LABELS.en;
}
