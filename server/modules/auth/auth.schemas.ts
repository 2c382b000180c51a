import { z } from 'zod';
import { Email } from '../../platform/http/schemas.ts';
import { Locale, Password, User } from '../users/users.schemas.ts';
import { Workspace } from '../workspaces/workspaces.schemas.ts';

export const SignupBody = z.object({
  workspaceName: z.string().trim().min(1).max(120),
  name: z.string().trim().min(1).max(120),
  email: Email,
  password: Password,
  locale: Locale.optional().describe("The new user's language (the web app sends the browser's); English when absent"),
});

export const LoginBody = z.object({
  email: Email,
  password: z.string().min(1).max(200),
});

export const Session = z
  .object({
    user: User,
    workspace: Workspace,
    csrfToken: z.string().describe('Send it back as X-CSRF-Token on every write made with the session cookie'),
  })
  .meta({ id: 'Session' });
export type SessionDto = z.infer<typeof Session>;

export const AuthConfig = z.object({ signupAllowed: z.boolean() });
