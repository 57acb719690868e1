// Every string the widget shows, in bokmål, nynorsk and English.
// The language follows the page's <html lang> (or data-lang on the script tag).

export const STRINGS = {
  nb: {
    launcher: "Chat med oss",
    title: "Chat med kommunen",
    close: "Lukk chatten",
    greeting: "Hei! Jeg er chatboten til kommunen. Spør meg om tjenestene våre, eller gi oss en tilbakemelding.",
    privacy:
      "Samtalen lagres i {days} dager og brukes til å svare deg og gjøre tjenesten bedre. " +
      "Du kan slette den selv med «Slett samtalen». Ikke skriv personnummer eller helseopplysninger.",
    privacyNoDays:
      "Samtalen lagres en begrenset tid og brukes til å svare deg og gjøre tjenesten bedre. " +
      "Du kan slette den selv med «Slett samtalen». Ikke skriv personnummer eller helseopplysninger.",
    privacyLink: "Les personvernerklæringen",
    log: "Samtalen",
    you: "Du",
    bot: "Chatboten",
    at: "kl.",
    input: "Skriv meldingen din",
    send: "Send",
    replies: "Svaralternativer",
    typing: "Chatboten skriver …",
    queued: "Sendes når forbindelsen er tilbake",
    newTab: "(åpnes i ny fane)",
    offline: "Vi får ikke kontakt med chatboten akkurat nå. Vi prøver igjen automatisk.",
    noReply: "Chatboten svarer ikke akkurat nå. Prøv igjen om litt.",
    contact: "Du kan også kontakte {name}:",
    contactFallbackName: "kommunen",
    phone: "telefon",
    email: "e-post",
    reconnected: "Forbindelsen er tilbake.",
    del: "Slett samtalen",
    delAsk: "Vil du slette hele samtalen? Den blir også slettet hos kommunen.",
    delYes: "Ja, slett",
    delNo: "Avbryt",
    deleted: "Samtalen er slettet.",
    delFailed:
      "Samtalen er fjernet fra denne nettleseren, men vi fikk ikke slettet den hos kommunen nå. " +
      "Den slettes automatisk etter {days} dager. Du kan også be {name} om å slette den.",
    delFailedNoDays:
      "Samtalen er fjernet fra denne nettleseren, men vi fikk ikke slettet den hos kommunen nå. " +
      "Du kan be {name} om å slette den.",
    image: "Bilde",
  },
  nn: {
    launcher: "Chat med oss",
    title: "Chat med kommunen",
    close: "Lukk chatten",
    greeting: "Hei! Eg er chatboten til kommunen. Spør meg om tenestene våre, eller gi oss ei tilbakemelding.",
    privacy:
      "Samtalen blir lagra i {days} dagar og blir brukt til å svare deg og gjere tenesta betre. " +
      "Du kan slette han sjølv med «Slett samtalen». Ikkje skriv personnummer eller helseopplysningar.",
    privacyNoDays:
      "Samtalen blir lagra ei avgrensa tid og blir brukt til å svare deg og gjere tenesta betre. " +
      "Du kan slette han sjølv med «Slett samtalen». Ikkje skriv personnummer eller helseopplysningar.",
    privacyLink: "Les personvernerklæringa",
    log: "Samtalen",
    you: "Du",
    bot: "Chatboten",
    at: "kl.",
    input: "Skriv meldinga di",
    send: "Send",
    replies: "Svaralternativ",
    typing: "Chatboten skriv …",
    queued: "Blir send når sambandet er tilbake",
    newTab: "(opnar i ny fane)",
    offline: "Vi får ikkje kontakt med chatboten akkurat no. Vi prøver igjen automatisk.",
    noReply: "Chatboten svarar ikkje akkurat no. Prøv igjen om litt.",
    contact: "Du kan òg kontakte {name}:",
    contactFallbackName: "kommunen",
    phone: "telefon",
    email: "e-post",
    reconnected: "Sambandet er tilbake.",
    del: "Slett samtalen",
    delAsk: "Vil du slette heile samtalen? Han blir òg sletta hos kommunen.",
    delYes: "Ja, slett",
    delNo: "Avbryt",
    deleted: "Samtalen er sletta.",
    delFailed:
      "Samtalen er fjerna frå denne nettlesaren, men vi fekk ikkje sletta han hos kommunen no. " +
      "Han blir sletta automatisk etter {days} dagar. Du kan òg be {name} om å slette han.",
    delFailedNoDays:
      "Samtalen er fjerna frå denne nettlesaren, men vi fekk ikkje sletta han hos kommunen no. " +
      "Du kan be {name} om å slette han.",
    image: "Bilete",
  },
  en: {
    launcher: "Chat with us",
    title: "Chat with the municipality",
    close: "Close the chat",
    greeting: "Hi! I am the municipality's chatbot. Ask me about our services, or give us feedback.",
    privacy:
      "The conversation is stored for {days} days and used to answer you and improve the service. " +
      "You can delete it yourself with “Delete the conversation”. " +
      "Do not write your national identity number or health information.",
    privacyNoDays:
      "The conversation is stored for a limited time and used to answer you and improve the service. " +
      "You can delete it yourself with “Delete the conversation”. " +
      "Do not write your national identity number or health information.",
    privacyLink: "Read the privacy statement",
    log: "Conversation",
    you: "You",
    bot: "Chatbot",
    at: "at",
    input: "Write your message",
    send: "Send",
    replies: "Reply options",
    typing: "The chatbot is typing …",
    queued: "Will be sent when the connection is back",
    newTab: "(opens in a new tab)",
    offline: "We cannot reach the chatbot right now. We keep trying automatically.",
    noReply: "The chatbot is not answering right now. Please try again in a moment.",
    contact: "You can also contact {name}:",
    contactFallbackName: "the municipality",
    phone: "phone",
    email: "email",
    reconnected: "The connection is back.",
    del: "Delete the conversation",
    delAsk: "Delete the whole conversation? It will also be deleted at the municipality.",
    delYes: "Yes, delete",
    delNo: "Cancel",
    deleted: "The conversation has been deleted.",
    delFailed:
      "The conversation is gone from this browser, but we could not delete it at the municipality right now. " +
      "It is deleted automatically after {days} days. You can also ask {name} to delete it.",
    delFailedNoDays:
      "The conversation is gone from this browser, but we could not delete it at the municipality right now. " +
      "You can ask {name} to delete it.",
    image: "Image",
  },
};

// Locales for dates and times, best first. Chromium ships no nynorsk data: "nn-NO" alone falls
// back to the browser's own locale (an en-US browser showed "kl. 02:44 PM" on a nynorsk page),
// so nynorsk falls back to bokmål, whose dates and times read the same.
export const LOCALES = { nb: ["nb-NO", "no"], nn: ["nn-NO", "nn", "nb-NO", "no"], en: ["en-GB"] };

// Norwegian times are 24-hour, whatever the browser's own locale would do.
export const TIME_OPTIONS = {
  nb: { hour: "2-digit", minute: "2-digit", hourCycle: "h23" },
  nn: { hour: "2-digit", minute: "2-digit", hourCycle: "h23" },
  en: { hour: "2-digit", minute: "2-digit" },
};

/** "nb-NO", "no", "nn", "en-GB" … → one of nb, nn, en (bokmål when unknown). */
export function pickLanguage(tag) {
  const t = String(tag || "").trim().toLowerCase();
  if (/^(nn|no-nyn)\b/.test(t)) return "nn";
  if (/^en\b/.test(t)) return "en";
  return "nb";
}

/** Replace {name} placeholders. */
export function format(template, values) {
  return template.replace(/\{(\w+)\}/g, (whole, key) => (key in values ? String(values[key]) : whole));
}
