// Every text the wizard shows, in Swedish and English. `en` must have the
// same keys as `sv` (the type says so), so a missing translation fails the
// type check.
import type { Lang } from "../bindings/Lang";

const sv = {
  appTitle: "Fortnox Connect",
  languageLabel: "Språk",
  sandboxBanner: "Demoläge: en inbyggd Fortnox-sandlåda används. Inga riktiga företagsdata berörs.",
  stepWelcome: "Välkommen",
  stepOptions: "Vad ska föras över",
  stepAccount: "Kontotyp",
  stepLogin: "Logga in",
  stepVerify: "Kontroll",
  stepDone: "Klart",
  stepsLabel: "Steg i guiden",
  welcomeTitle: "Koppla Fortnox till {name}",
  welcomeIntro:
    "Den här guiden kopplar ditt företags Fortnox till {name} från {vendor}. Det tar bara ett par minuter.",
  welcomeHowTitle: "Så går det till",
  welcomeHow1: "Du väljer vad som ska föras över mellan Fortnox och {name}.",
  welcomeHow2: "Du väljer hur kopplingen görs. Vi rekommenderar ett servicekonto.",
  welcomeHow3: "Du loggar in i Fortnox här i appen och godkänner kopplingen.",
  welcomeHow4: "Vi kontrollerar att allt fungerar och slår på kopplingen.",
  welcomeNeedTitle: "Det här behöver du",
  welcomeNeedLogin: "Dina inloggningsuppgifter till Fortnox.",
  welcomeNeedAdmin:
    "För ett servicekonto: att en systemadministratör i Fortnox loggar in och godkänner.",
  welcomeStart: "Kom igång",
  loading: "Laddar …",
  startupFailed: "Appen kunde inte starta",
};

export type MessageKey = keyof typeof sv;

const en: Record<MessageKey, string> = {
  appTitle: "Fortnox Connect",
  languageLabel: "Language",
  sandboxBanner: "Demo mode: a built-in Fortnox sandbox is used. No real company data is touched.",
  stepWelcome: "Welcome",
  stepOptions: "What to transfer",
  stepAccount: "Account type",
  stepLogin: "Log in",
  stepVerify: "Check",
  stepDone: "Done",
  stepsLabel: "Wizard steps",
  welcomeTitle: "Connect Fortnox to {name}",
  welcomeIntro:
    "This guide connects your company's Fortnox to {name} from {vendor}. It only takes a couple of minutes.",
  welcomeHowTitle: "How it works",
  welcomeHow1: "You choose what is transferred between Fortnox and {name}.",
  welcomeHow2: "You choose how the connection is made. We recommend a service account.",
  welcomeHow3: "You log into Fortnox here in the app and approve the connection.",
  welcomeHow4: "We check that everything works and switch the connection on.",
  welcomeNeedTitle: "What you need",
  welcomeNeedLogin: "Your Fortnox login details.",
  welcomeNeedAdmin: "For a service account: a Fortnox system administrator who logs in and approves.",
  welcomeStart: "Get started",
  loading: "Loading …",
  startupFailed: "The app could not start",
};

export const messages: Record<Lang, Record<MessageKey, string>> = { sv, en };

/// The text for `key` in `lang`, with `{name}` placeholders filled in.
export function translate(lang: Lang, key: MessageKey, vars: Record<string, string> = {}): string {
  const template = messages[lang][key];
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => vars[name] ?? whole);
}
