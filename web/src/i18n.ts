// The shell's own labels (buttons, fields); every sentence about the
// member's data comes from the core, already in their language.
const LABELS = {
  en: {
    news: "News", markAllRead: "Mark all as read", unreadOnly: "Unread only", newsPolling: "Checking for news…", unread: "unread", unreadCount: "{count} unread",
    noSources: "No news source yet: add a feed below.", noUnread: "Nothing unread.", noNews: "No news yet.", hasEvent: "event",
    showOtherLanguages: "Show them", onlyMyLanguage: "Only news in my language", sources: "Sources", removeFeed: "Remove", removeFeedNamed: "Remove the source {name}",
    feedAddress: "Address of a feed (Atom, RSS or JSON Feed)", findFeeds: "Look again for the cooperative’s news", addFeed: "Add this feed", readOnSite: "Read on the website",
    eventInAnnouncement: "This announcement comes with an event: ‘{title}’.", eventInAnnouncementUntitled: "This announcement comes with an event.",
    noWritableCalendar: "None of your calendars can be written to.", calendar: "Calendar", addToAgenda: "Add to my agenda",
    removeFeedQuestion: "Stop following ‘{name}’?", removeFeedDetail: "Its announcements will be removed from this device.", removeFeedConfirm: "Stop following", removeFeedKeep: "Keep following",
    yourVersion: "Your version, kept:", keepMine: "Keep mine", keepServer: "Keep the server’s", keepBoth: "Keep both",
    notes: "Notes", searchNotes: "Search notes", categories: "Categories", allCategories: "All", newNote: "New note", category: "Category", text: "Text",
    edit: "Edit", cancel: "Cancel", deleteNote: "Delete", noNotes: "No notes yet.", noNotesFound: "No note holds these words.", conflict: "two versions kept",
    readOnly: "read-only", notesFolder: "Notes folder", useFolder: "Use this folder", changeFolder: "Change the notes folder",
    folderUnknown: "Your notes folder is not known yet. Give its address on your server, for example …/remote.php/dav/files/your-login/Notes/.",
    folderHint: "https://…/remote.php/dav/files/your-login/Notes/",
    deleteQuestion: "Delete the note ‘{title}’?", deleteDetail: "It will also be removed from the server at the next sync.", deleteConfirm: "Delete the note", deleteKeep: "Keep the note",
    linkQuestion: "Open this link in a new tab?", linkOpen: "Open the link", linkStay: "Stay here",
    discardQuestion: "Discard your changes to this note?", discardConfirm: "Discard the changes", discardKeep: "Keep editing",
    signIn: "Sign in", email: "Nubo address", password: "Password or app password", server: "Server address (optional)", userName: "User name (optional)", userNameHint: "Only if your server does not know you by your address.",
    agenda: "Agenda", contacts: "Contacts", sync: "Sync now", search: "Search contacts", upcoming: "Upcoming",
    day: "Day", week: "Week", month: "Month", save: "Save", close: "Close", name: "Name", phone: "Phone",
    org: "Organisation", newContact: "New contact", offline: "Offline: changes are kept and sent later.",
    pending: "waiting to be sent", language: "Language", signOut: "Sign out", noEvents: "Nothing planned in this period.", previous: "Previous", next: "Next",
    cancelOccurrenceQuestion: "Cancel only this date? The other dates of the series stay.", keep: "Keep", deleteEventQuestion: "Delete this event (the whole series if it repeats)?", deleteEventDetail: "It will also be removed from the server at the next sync.", deleteEventConfirm: "Delete the event", deleteEventKeep: "Keep the event",
    details: "Details", noContacts: "No contacts yet.", noContactsFound: "No contact holds these words.",
    signOutQuestion: "Sign out?", signOutDetail: "Your contacts, agenda and notes are removed from this device; they stay on the server. Changes not sent yet would be lost.",
    newEvent: "New event", title: "Title", start: "Start", end: "End", startDate: "Start date", startTime: "Start time", endDate: "End date", endTime: "End time", allDay: "All day", endBeforeStart: "The end is before the start: change one of them.", startMissing: "Choose the day it starts.", place: "Place", cancelOccurrence: "Cancel this date", deleteEvent: "Delete", thisOccurrence: "Changes apply to this date only.",
  },
  fr: {
    news: "Actualités", markAllRead: "Tout marquer comme lu", unreadOnly: "Non lues seulement", newsPolling: "Recherche des actualités…", unread: "non lue", unreadCount: "{count} non lues",
    noSources: "Aucune source d’actualités pour l’instant : ajoutez un flux ci-dessous.", noUnread: "Rien de non lu.", noNews: "Aucune actualité pour l’instant.", hasEvent: "événement",
    showOtherLanguages: "Les afficher", onlyMyLanguage: "Seulement les actualités dans ma langue", sources: "Sources", removeFeed: "Retirer", removeFeedNamed: "Retirer la source {name}",
    feedAddress: "Adresse d’un flux (Atom, RSS ou JSON Feed)", findFeeds: "Rechercher à nouveau les actualités de la coopérative", addFeed: "Ajouter ce flux", readOnSite: "Lire sur le site",
    eventInAnnouncement: "Cette annonce contient un événement : « {title} ».", eventInAnnouncementUntitled: "Cette annonce contient un événement.",
    noWritableCalendar: "Aucun de vos agendas n’accepte de modification.", calendar: "Agenda", addToAgenda: "Ajouter à mon agenda",
    removeFeedQuestion: "Ne plus suivre « {name} » ?", removeFeedDetail: "Ses annonces seront retirées de cet appareil.", removeFeedConfirm: "Ne plus suivre", removeFeedKeep: "Continuer à suivre",
    yourVersion: "Votre version, gardée :", keepMine: "Garder la mienne", keepServer: "Garder celle du serveur", keepBoth: "Garder les deux",
    notes: "Notes", searchNotes: "Rechercher dans les notes", categories: "Catégories", allCategories: "Toutes", newNote: "Nouvelle note", category: "Catégorie", text: "Texte",
    edit: "Modifier", cancel: "Annuler", deleteNote: "Supprimer", noNotes: "Aucune note pour l’instant.", noNotesFound: "Aucune note ne contient ces mots.", conflict: "deux versions gardées",
    readOnly: "lecture seule", notesFolder: "Dossier des notes", useFolder: "Utiliser ce dossier", changeFolder: "Changer le dossier des notes",
    folderUnknown: "Le dossier de vos notes n’est pas encore connu. Indiquez son adresse sur votre serveur, par exemple …/remote.php/dav/files/votre-identifiant/Notes/.",
    folderHint: "https://…/remote.php/dav/files/votre-identifiant/Notes/",
    deleteQuestion: "Supprimer la note « {title} » ?", deleteDetail: "Elle sera aussi supprimée du serveur à la prochaine synchronisation.", deleteConfirm: "Supprimer la note", deleteKeep: "Garder la note",
    linkQuestion: "Ouvrir ce lien dans un nouvel onglet ?", linkOpen: "Ouvrir le lien", linkStay: "Rester ici",
    discardQuestion: "Abandonner vos modifications de cette note ?", discardConfirm: "Abandonner les modifications", discardKeep: "Continuer à modifier",
    signIn: "Se connecter", email: "Adresse Nubo", password: "Mot de passe ou mot de passe d’application", server: "Adresse du serveur (facultatif)", userName: "Nom d’utilisateur (facultatif)", userNameHint: "Seulement si votre serveur ne vous connaît pas par votre adresse.",
    agenda: "Agenda", contacts: "Contacts", sync: "Synchroniser maintenant", search: "Rechercher un contact", upcoming: "À venir",
    day: "Jour", week: "Semaine", month: "Mois", save: "Enregistrer", close: "Fermer", name: "Nom", phone: "Téléphone",
    org: "Organisation", newContact: "Nouveau contact", offline: "Hors ligne : les modifications sont gardées et envoyées plus tard.",
    pending: "en attente d’envoi", language: "Langue", signOut: "Se déconnecter", noEvents: "Rien de prévu sur cette période.", previous: "Précédent", next: "Suivant",
    cancelOccurrenceQuestion: "Annuler seulement cette date ? Les autres dates de la série restent.", keep: "Garder", deleteEventQuestion: "Supprimer cet événement (toute la série s’il se répète) ?", deleteEventDetail: "Il sera aussi supprimé du serveur à la prochaine synchronisation.", deleteEventConfirm: "Supprimer l’événement", deleteEventKeep: "Garder l’événement",
    details: "Détails", noContacts: "Pas encore de contacts.", noContactsFound: "Aucun contact ne contient ces mots.",
    signOutQuestion: "Se déconnecter ?", signOutDetail: "Vos contacts, votre agenda et vos notes sont retirés de cet appareil ; ils restent sur le serveur. Les modifications pas encore envoyées seraient perdues.",
    newEvent: "Nouvel événement", title: "Titre", start: "Début", end: "Fin", startDate: "Date de début", startTime: "Heure de début", endDate: "Date de fin", endTime: "Heure de fin", allDay: "Toute la journée", endBeforeStart: "La fin est avant le début : corrigez l’une des deux.", startMissing: "Choisissez le jour où il commence.", place: "Lieu", cancelOccurrence: "Annuler cette date", deleteEvent: "Supprimer", thisOccurrence: "Les modifications ne valent que pour cette date.",
  },
  nl: {
    news: "Nieuws", markAllRead: "Alles als gelezen markeren", unreadOnly: "Alleen ongelezen", newsPolling: "Nieuws ophalen…", unread: "ongelezen", unreadCount: "{count} ongelezen",
    noSources: "Nog geen nieuwsbron: voeg hieronder een feed toe.", noUnread: "Niets ongelezen.", noNews: "Nog geen nieuws.", hasEvent: "afspraak",
    showOtherLanguages: "Toon ze", onlyMyLanguage: "Alleen nieuws in mijn taal", sources: "Bronnen", removeFeed: "Verwijderen", removeFeedNamed: "De bron {name} verwijderen",
    feedAddress: "Adres van een feed (Atom, RSS of JSON Feed)", findFeeds: "Opnieuw zoeken naar het nieuws van de coöperatie", addFeed: "Deze feed toevoegen", readOnSite: "Lezen op de website",
    eventInAnnouncement: "Bij dit bericht hoort een afspraak: ‘{title}’.", eventInAnnouncementUntitled: "Bij dit bericht hoort een afspraak.",
    noWritableCalendar: "In geen enkele van je agenda’s kan geschreven worden.", calendar: "Agenda", addToAgenda: "In mijn agenda zetten",
    removeFeedQuestion: "‘{name}’ niet meer volgen?", removeFeedDetail: "De berichten ervan worden van dit toestel verwijderd.", removeFeedConfirm: "Niet meer volgen", removeFeedKeep: "Blijven volgen",
    yourVersion: "Jouw versie, bewaard:", keepMine: "Mijn versie houden", keepServer: "Die van de server houden", keepBoth: "Beide houden",
    notes: "Notities", searchNotes: "Notities doorzoeken", categories: "Categorieën", allCategories: "Alle", newNote: "Nieuwe notitie", category: "Categorie", text: "Tekst",
    edit: "Bewerken", cancel: "Annuleren", deleteNote: "Verwijderen", noNotes: "Nog geen notities.", noNotesFound: "Geen enkele notitie bevat deze woorden.", conflict: "twee versies bewaard",
    readOnly: "alleen bekijken", notesFolder: "Map met notities", useFolder: "Deze map gebruiken", changeFolder: "Andere map met notities kiezen",
    folderUnknown: "De map met je notities is nog niet bekend. Geef het adres ervan op je server, bijvoorbeeld …/remote.php/dav/files/je-gebruikersnaam/Notes/.",
    folderHint: "https://…/remote.php/dav/files/je-gebruikersnaam/Notes/",
    deleteQuestion: "De notitie ‘{title}’ verwijderen?", deleteDetail: "Ze wordt bij de volgende synchronisatie ook van de server verwijderd.", deleteConfirm: "Notitie verwijderen", deleteKeep: "Notitie bewaren",
    linkQuestion: "Deze link in een nieuw tabblad openen?", linkOpen: "Link openen", linkStay: "Hier blijven",
    discardQuestion: "Je wijzigingen aan deze notitie weggooien?", discardConfirm: "Wijzigingen weggooien", discardKeep: "Verder bewerken",
    signIn: "Aanmelden", email: "Nubo-adres", password: "Wachtwoord of app-wachtwoord", server: "Serveradres (optioneel)", userName: "Gebruikersnaam (optioneel)", userNameHint: "Alleen als je server je niet via je adres kent.",
    agenda: "Agenda", contacts: "Contacten", sync: "Nu synchroniseren", search: "Contacten zoeken", upcoming: "Binnenkort",
    day: "Dag", week: "Week", month: "Maand", save: "Bewaren", close: "Sluiten", name: "Naam", phone: "Telefoon",
    org: "Organisatie", newContact: "Nieuw contact", offline: "Offline: wijzigingen worden bewaard en later verstuurd.",
    pending: "wacht op verzending", language: "Taal", signOut: "Afmelden", noEvents: "Niets gepland in deze periode.", previous: "Vorige", next: "Volgende",
    cancelOccurrenceQuestion: "Alleen deze keer schrappen? De andere keren van de reeks blijven.", keep: "Behouden", deleteEventQuestion: "Deze afspraak verwijderen (de hele reeks als ze zich herhaalt)?", deleteEventDetail: "Ze wordt bij de volgende synchronisatie ook van de server verwijderd.", deleteEventConfirm: "Afspraak verwijderen", deleteEventKeep: "Afspraak behouden",
    details: "Details", noContacts: "Nog geen contacten.", noContactsFound: "Geen enkel contact bevat deze woorden.",
    signOutQuestion: "Afmelden?", signOutDetail: "Je contacten, agenda en notities worden van dit toestel verwijderd; ze blijven op de server. Wijzigingen die nog niet verstuurd zijn, gaan dan verloren.",
    newEvent: "Nieuwe afspraak", title: "Titel", start: "Begin", end: "Einde", startDate: "Begindatum", startTime: "Beginuur", endDate: "Einddatum", endTime: "Einduur", allDay: "Hele dag", endBeforeStart: "Het einde ligt voor het begin: pas een van beide aan.", startMissing: "Kies de dag waarop de afspraak begint.", place: "Plaats", cancelOccurrence: "Deze keer schrappen", deleteEvent: "Verwijderen", thisOccurrence: "Wijzigingen gelden alleen voor deze keer.",
  },
};

export type Label = keyof typeof LABELS.en;
export type Labels = Record<Label, string>;

/** `template` with each "{name}" replaced by `values[name]` (as text: the page sets it with textContent). */
export const fill = (template: string, values: Record<string, string>): string =>
  template.replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);

/** "fr-BE" → French; the core's locale tag decides, English otherwise. */
export function labels(locale: string): Labels {
  const lang = locale.slice(0, 2).toLowerCase();
  return lang === "fr" || lang === "nl" ? LABELS[lang] : LABELS.en;
}
