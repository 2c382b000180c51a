// Calls to /auth/*; request and response types come from the server's zod schemas.
import type { z } from 'zod';
import type { AuthConfig, LoginBody, SessionDto, SignupBody } from '@dossier/contract';
import { api, ApiError } from '../../lib/api.ts';

export type SignInInput = z.input<typeof LoginBody>;
export type SignUpInput = z.input<typeof SignupBody>;
export type AuthConfigDto = z.infer<typeof AuthConfig>;

/** The current session, or null when nobody is signed in. */
export async function fetchSession(): Promise<SessionDto | null> {
  try {
    return await api.get<SessionDto>('/auth/session');
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return null;
    throw error;
  }
}

export const fetchAuthConfig = () => api.get<AuthConfigDto>('/auth/config');
export const signIn = (input: SignInInput) => api.post<SessionDto>('/auth/login', input);
export const signUp = (input: SignUpInput) => api.post<SessionDto>('/auth/signup', input);
export const signOut = () => api.post<void>('/auth/logout');
