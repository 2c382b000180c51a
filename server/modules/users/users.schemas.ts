import { z } from 'zod';
import { Email, Timestamp } from '../../platform/http/schemas.ts';

export const Role = z.enum(['admin', 'member']);
export const ContactAccess = z.enum(['all', 'own']).describe('"own": sees only contacts they own or follow');

/** The languages the UI speaks; also how dates and numbers are written for the user. */
export const Locale = z.enum(['en', 'de']);

export const Password = z.string().min(10, 'Use at least 10 characters').max(200, 'Use at most 200 characters');

export const User = z
  .object({
    id: z.uuid(),
    email: z.string(),
    name: z.string(),
    role: Role,
    contactAccess: ContactAccess,
    status: z.enum(['active', 'deactivated']),
    locale: z.string(),
    timezone: z.string(),
    emailSignature: z.string().describe('Sanitised HTML appended to the emails the user sends'),
    teamIds: z.array(z.uuid()),
    createdAt: Timestamp,
    deactivatedAt: Timestamp.nullable(),
  })
  .meta({ id: 'User' });
export type UserDto = z.infer<typeof User>;

export const CreateUserBody = z.object({
  name: z.string().trim().min(1).max(120),
  email: Email,
  password: Password,
  role: Role.default('member'),
  contactAccess: ContactAccess.default('all'),
  locale: Locale.optional().describe("The user's language; the workspace's default language when absent"),
});

export const UpdateUserBody = z
  .object({
    name: z.string().trim().min(1).max(120),
    role: Role,
    contactAccess: ContactAccess,
  })
  .partial();

export const UpdateMeBody = z
  .object({
    name: z.string().trim().min(1).max(120),
    locale: Locale,
    timezone: z.string().min(1).max(64),
    emailSignature: z.string().max(20_000).describe('HTML (the note editor’s formatting and links); "" removes it'),
    currentPassword: z.string().max(200),
    newPassword: Password,
  })
  .partial();

export const UserListQuery = z.object({
  status: z.enum(['active', 'deactivated', 'all']).default('active'),
});

/** Who takes over a deactivated user's work: one colleague for everything, or one per kind (which wins). */
export const DeactivateUserBody = z
  .object({
    reassignTo: z.uuid().optional().describe('Takes over every kind not given its own user below'),
    contactsTo: z.uuid().optional().describe('Becomes the owner of the contacts they own (archived ones too)'),
    openTasksTo: z.uuid().optional().describe('Is assigned their open tasks'),
    calendarsTo: z.uuid().optional().describe('Becomes the owner of the calendars they own'),
  })
  // Without a body (nothing to hand over) Fastify passes null.
  .nullish();

export const DeactivationImpact = z.object({
  contacts: z.number().int().describe('Contacts they own, archived ones included'),
  openTasks: z.number().int().describe('Open tasks assigned to them'),
  calendars: z.number().int().describe('Calendars they own'),
});
