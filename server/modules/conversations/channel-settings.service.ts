// A workspace's channels: its mail server (else the instance's SMTP_URL), inbound addresses, IMAP
// mailbox and Twilio account. Secrets are written, never read back: the API says only whether one is set.
import { eq, sql } from 'drizzle-orm';
import nodemailer, { type Transporter } from 'nodemailer';
import { channelSettings } from '../../db/schema/messages.ts';
import { users } from '../../db/schema/platform.ts';
import { inTransaction, requireAdmin, type Ctx } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { toIsoOrNull } from '../../platform/http/schemas.ts';
import { record } from '../../platform/journal/journal.ts';
import { and } from 'drizzle-orm';
import type { ChannelSettingsDto, UpdateChannelSettingsInput } from './conversations.schemas.ts';
import { forgetInboundSettings } from '../inbound/inbound-recipients.ts';
import { twilioProvider, type TextProvider } from './providers.ts';

export type ChannelSettingsRow = typeof channelSettings.$inferSelect;

export async function loadChannelSettings(ctx: Ctx): Promise<ChannelSettingsRow | null> {
  const [row] = await ctx.db.select().from(channelSettings).where(eq(channelSettings.workspaceId, ctx.workspaceId));
  return row ?? null;
}

const smtpOwn = (s: ChannelSettingsRow | null) => !!s?.smtpHost;

export function emailConfigured(ctx: Ctx, s: ChannelSettingsRow | null): boolean {
  return smtpOwn(s) || !!ctx.deps.config.SMTP_URL;
}

export function twilioConfigured(s: ChannelSettingsRow | null): boolean {
  return !!(s?.twilioAccountSid && s.twilioAuthToken);
}

function toDto(ctx: Ctx, s: ChannelSettingsRow | null): ChannelSettingsDto {
  return {
    email: {
      smtpHost: s?.smtpHost ?? null,
      smtpPort: s?.smtpPort ?? null,
      smtpSecurity: s?.smtpSecurity ?? 'starttls',
      smtpUser: s?.smtpUser ?? null,
      smtpPasswordSet: !!s?.smtpPassword,
      fromName: s?.fromName ?? null,
      fromAddress: s?.fromAddress ?? null,
      replyTo: s?.replyTo ?? null,
      configured: emailConfigured(ctx, s),
      instanceDefault: !!ctx.deps.config.SMTP_URL,
    },
    inbound: { addresses: s?.inboundAddresses ?? [], apiEnabled: s?.inboundApiEnabled ?? true },
    imap: {
      enabled: s?.imapEnabled ?? false,
      host: s?.imapHost ?? null,
      port: s?.imapPort ?? null,
      secure: s?.imapSecure ?? true,
      user: s?.imapUser ?? null,
      passwordSet: !!s?.imapPassword,
      mailbox: s?.imapMailbox ?? 'INBOX',
      lastUid: s?.imapLastUid ?? null,
      lastSyncedAt: toIsoOrNull(s?.imapLastSyncedAt),
      lastError: s?.imapLastError ?? null,
    },
    twilio: {
      accountSid: s?.twilioAccountSid ?? null,
      authTokenSet: !!s?.twilioAuthToken,
      numbers: s?.twilioNumbers ?? [],
      whatsappSender: s?.twilioWhatsappSender ?? null,
      baseUrl: s?.twilioBaseUrl ?? null,
      configured: twilioConfigured(s),
    },
  };
}

export async function getChannelSettings({ ctx }: { ctx: Ctx }): Promise<ChannelSettingsDto> {
  requireAdmin(ctx);
  return toDto(ctx, await loadChannelSettings(ctx));
}

/** Form fields → columns; secrets are listed so the journal can say "changed" without the value. */
const columns = {
  email: {
    smtpHost: 'smtpHost',
    smtpPort: 'smtpPort',
    smtpSecurity: 'smtpSecurity',
    smtpUser: 'smtpUser',
    smtpPassword: 'smtpPassword',
    fromName: 'fromName',
    fromAddress: 'fromAddress',
    replyTo: 'replyTo',
  },
  inbound: { addresses: 'inboundAddresses', apiEnabled: 'inboundApiEnabled' },
  imap: {
    enabled: 'imapEnabled',
    host: 'imapHost',
    port: 'imapPort',
    secure: 'imapSecure',
    user: 'imapUser',
    password: 'imapPassword',
    mailbox: 'imapMailbox',
  },
  twilio: {
    accountSid: 'twilioAccountSid',
    authToken: 'twilioAuthToken',
    numbers: 'twilioNumbers',
    whatsappSender: 'twilioWhatsappSender',
    baseUrl: 'twilioBaseUrl',
  },
} as const;
const SECRETS = new Set(['smtpPassword', 'imapPassword', 'twilioAuthToken']);

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/;
/** IP literals no public provider lives at: loopback, private, link-local (cloud metadata), unspecified. */
const INTERNAL =
  /^(localhost|.*\.localhost|127(\.\d{1,3}){3}|10(\.\d{1,3}){3}|192\.168(\.\d{1,3}){2}|172\.(1[6-9]|2\d|3[01])(\.\d{1,3}){2}|169\.254(\.\d{1,3}){2}|0\.0\.0\.0|\[.*\])$/;

/**
 * The provider's base URL is fetched by the server with the workspace's credentials, so it must not
 * reach inside the instance's network (SSRF): https to a public host in production; plain http only
 * to loopback outside production (the tests' and a developer's local fake).
 */
export function checkTwilioBaseUrl(value: string, production: boolean): void {
  const url = new URL(value);
  const host = url.hostname.toLowerCase();
  const refuse = (why: string) => {
    throw new AppError('unsafe_base_url', 422, `The Twilio base URL ${why}`, { field: 'twilio.baseUrl' });
  };
  if (url.username || url.password) refuse('must not carry credentials');
  if (url.protocol === 'http:' && !production && LOOPBACK.test(host)) return;
  if (url.protocol !== 'https:') {
    refuse(production ? 'must use https' : 'must use https (http only for localhost outside production)');
  }
  if (production && INTERNAL.test(host)) refuse('must point at a public host');
}

/**
 * An inbound address or domain belongs to one workspace: another workspace's claim (the same entry,
 * an address in a domain it claims, or a domain holding an address it claims) is refused, so no tenant
 * can take or block another's mail. Serialised by an advisory lock so two saves cannot both pass.
 */
/** A text[] parameter (drizzle's sql template would spread a JS array into a list). */
const textArray = (items: string[]) => sql`array(select jsonb_array_elements_text(${JSON.stringify(items)}::jsonb))`;

async function checkInboundClaims(ctx: Ctx, addresses: string[]): Promise<void> {
  if (addresses.length === 0) return;
  await ctx.db.execute(sql`select pg_advisory_xact_lock(hashtext('channel_settings.inbound_addresses'))`);
  const domainsOfAddresses = addresses.filter((a) => !a.startsWith('@')).map((a) => a.slice(a.lastIndexOf('@')));
  const domains = addresses.filter((a) => a.startsWith('@'));
  const result = await ctx.db.execute<{ claimed: string }>(sql`
    select claimed from channel_settings, unnest(inbound_addresses) as claimed
    where workspace_id <> ${ctx.workspaceId}
      and (claimed = any(${textArray(addresses)})
        or claimed = any(${textArray(domainsOfAddresses)})
        or (claimed not like '@%' and substring(claimed from position('@' in claimed)) = any(${textArray(domains)})))
    limit 1`);
  const taken = result.rows[0]?.claimed;
  if (taken) {
    throw new AppError('inbound_address_taken', 409, `${taken} is already claimed by another workspace`, {
      address: taken,
    });
  }
}

export async function updateChannelSettings({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: UpdateChannelSettingsInput;
}): Promise<ChannelSettingsDto> {
  requireAdmin(ctx);
  if (input.twilio?.baseUrl) checkTwilioBaseUrl(input.twilio.baseUrl, ctx.deps.config.NODE_ENV === 'production');
  const saved = await inTransaction(ctx, async (tx) => {
    await tx.db
      .insert(channelSettings)
      .values({ workspaceId: ctx.workspaceId })
      .onConflictDoNothing({ target: channelSettings.workspaceId });
    const [before] = await tx.db
      .select()
      .from(channelSettings)
      .where(eq(channelSettings.workspaceId, ctx.workspaceId))
      .for('update');
    const set: Record<string, unknown> = {};
    const changed: { field: string; old: unknown; new: unknown }[] = [];
    for (const [group, fields] of Object.entries(columns)) {
      const given = (input as Record<string, Record<string, unknown> | undefined>)[group];
      if (!given) continue;
      for (const [field, column] of Object.entries(fields)) {
        const value = given[field];
        const old = (before as Record<string, unknown>)[column];
        if (value === undefined || JSON.stringify(value) === JSON.stringify(old ?? null)) continue;
        set[column] = value;
        changed.push(
          SECRETS.has(column)
            ? { field: column, old: old ? 'set' : null, new: value ? 'set' : null }
            : { field: column, old: old ?? null, new: value },
        );
      }
    }
    if (changed.length === 0) return before!;
    if (set.inboundAddresses) await checkInboundClaims(tx, set.inboundAddresses as string[]);
    const [row] = await tx.db
      .update(channelSettings)
      .set({ ...set, updatedBy: ctx.principal.actsFor, updatedAt: sql`now()` })
      .where(eq(channelSettings.workspaceId, ctx.workspaceId))
      .returning();
    await record(tx, { kind: 'channel_settings.updated', category: 'admin', data: { changes: changed } });
    return row!;
  });
  forgetInboundSettings(ctx.workspaceId);
  return toDto(ctx, saved);
}

const SMTP_TIMEOUTS = { connectionTimeout: 15_000, greetingTimeout: 15_000, socketTimeout: 30_000 };

/** The transport mail leaves through: the workspace's server, else the instance default; null when neither. */
export function smtpTransport(ctx: Ctx, s: ChannelSettingsRow | null): Transporter | null {
  if (s?.smtpHost) {
    const security = s.smtpSecurity;
    return nodemailer.createTransport({
      host: s.smtpHost,
      port: s.smtpPort ?? (security === 'tls' ? 465 : 587),
      secure: security === 'tls',
      requireTLS: security === 'starttls',
      ignoreTLS: security === 'none',
      auth: s.smtpUser ? { user: s.smtpUser, pass: s.smtpPassword ?? '' } : undefined,
      ...SMTP_TIMEOUTS,
    });
  }
  const url = ctx.deps.config.SMTP_URL;
  return url ? nodemailer.createTransport({ url, ...SMTP_TIMEOUTS }) : null;
}

/** The sender: the workspace's from address, else SMTP_FROM, else no-reply at the public host. */
export function senderOf(ctx: Ctx, s: ChannelSettingsRow | null, userName: string): { name: string; address: string } {
  const host = new URL(publicUrl(ctx)).hostname;
  const address =
    s?.fromAddress ?? ctx.deps.config.SMTP_FROM ?? `no-reply@${host.includes('.') ? host : `${host}.localdomain`}`;
  return { name: s?.fromName || userName, address };
}

/** Where links in messages point (tracking, unsubscribe, provider callbacks). */
export function publicUrl(ctx: Ctx): string {
  return (ctx.deps.config.PUBLIC_URL ?? `http://localhost:${ctx.deps.config.PORT}`).replace(/\/+$/, '');
}

export function textProvider(s: ChannelSettingsRow): TextProvider {
  return twilioProvider({
    accountSid: s.twilioAccountSid ?? '',
    authToken: s.twilioAuthToken ?? '',
    baseUrl: s.twilioBaseUrl,
  });
}

/** Sends a short test email through the configured server; the server's refusal comes back as smtp_failed. */
export async function sendTestEmail({ ctx, to }: { ctx: Ctx; to?: string }): Promise<{ accepted: string[] }> {
  requireAdmin(ctx);
  const s = await loadChannelSettings(ctx);
  const transport = smtpTransport(ctx, s);
  if (!transport) {
    throw new AppError('channel_not_configured', 422, 'No mail server is set up: add SMTP settings first', {
      channel: 'email',
    });
  }
  const [me] = ctx.principal.actsFor
    ? await ctx.db
        .select({ name: users.name, email: users.email })
        .from(users)
        .where(and(eq(users.workspaceId, ctx.workspaceId), eq(users.id, ctx.principal.actsFor)))
    : [];
  const recipient = to ?? me?.email;
  if (!recipient) throw new AppError('validation_failed', 400, 'Say whom to send the test email to', { field: 'to' });
  const from = senderOf(ctx, s, me?.name ?? 'Dossier');
  try {
    const info = await transport.sendMail({
      from,
      to: recipient,
      subject: 'Dossier test email',
      text: 'This is a test email from Dossier. Your mail settings work.',
    });
    return { accepted: (info.accepted ?? []).map(String) };
  } catch (err) {
    throw new AppError('smtp_failed', 422, `The mail server refused: ${smtpErrorText(err)}`, {
      smtpCode: (err as { responseCode?: number }).responseCode ?? null,
    });
  } finally {
    transport.close();
  }
}

export function smtpErrorText(err: unknown): string {
  const e = err as { response?: string; message?: string };
  return (e.response ?? e.message ?? String(err)).slice(0, 500);
}
