import "server-only";
import nodemailer, { type Transporter } from "nodemailer";
import { getEnv } from "@/lib/server/env";
import { logger } from "@/lib/server/logger";

// Outgoing mail, only when APIARY_SMTP_URL is set. Mail is a courtesy on top of what the screen already shows
// (an invitation link is always answered to copy), so a failed send is logged and reported as "not mailed",
// never turned into a failed request.

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
}

let transport: { url: string; transporter: Transporter } | undefined;

function transporterFor(url: string): Transporter {
  if (transport?.url !== url) {
    // Short timeouts: the person inviting is waiting for the answer.
    transport = { url, transporter: nodemailer.createTransport(url, { connectionTimeout: 5_000, greetingTimeout: 5_000, socketTimeout: 10_000 }) };
  }
  return transport.transporter;
}

/** Whether mail can be sent at all on this platform. */
export function mailConfigured(): boolean {
  return Boolean(getEnv().APIARY_SMTP_URL);
}

/** Sends one plain-text message; true when the SMTP server accepted it, false when not configured or it failed. */
export async function sendMail(message: MailMessage): Promise<boolean> {
  const env = getEnv();
  if (!env.APIARY_SMTP_URL) return false;
  try {
    await transporterFor(env.APIARY_SMTP_URL).sendMail({ from: env.APIARY_MAIL_FROM, to: message.to, subject: message.subject, text: message.text });
    return true;
  } catch (error) {
    // The SMTP URL may hold a password: log the failure's message only, never the configuration.
    logger().warn({ to: message.to, reason: error instanceof Error ? error.message : String(error) }, "mail could not be sent");
    return false;
  }
}
