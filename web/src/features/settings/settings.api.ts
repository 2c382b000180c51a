// Calls and cache keys for the settings pages; every type comes from the server's zod schemas.
import { queryOptions } from '@tanstack/react-query';
import type { z } from 'zod';
import type { ApiKeyDto, CreateApiKeyBody, CreatedApiKey } from '@dossier/contract';
import type { CreateTeamBody, TeamDto, UpdateTeamBody } from '@dossier/contract';
import type {
  CreateUserBody,
  DeactivateUserBody,
  DeactivationImpact,
  UpdateMeBody,
  UpdateUserBody,
  UserDto,
} from '@dossier/contract';
import type { UpdateWorkspaceBody, WorkspaceDto } from '@dossier/contract';
import { api, qs } from '../../lib/api.ts';

export type { ApiKeyDto, TeamDto, UserDto, WorkspaceDto };
export type CreatedApiKeyDto = z.infer<typeof CreatedApiKey>;
export type CreateApiKeyInput = z.input<typeof CreateApiKeyBody>;
export type CreateTeamInput = z.input<typeof CreateTeamBody>;
export type UpdateTeamInput = z.input<typeof UpdateTeamBody>;
export type CreateUserInput = z.input<typeof CreateUserBody>;
export type UpdateUserInput = z.input<typeof UpdateUserBody>;
export type UpdateMeInput = z.input<typeof UpdateMeBody>;
export type UpdateWorkspaceInput = z.input<typeof UpdateWorkspaceBody>;
export type DeactivationImpactDto = z.infer<typeof DeactivationImpact>;
export type HandoverTargets = NonNullable<z.input<typeof DeactivateUserBody>>;
export type UserStatusFilter = 'active' | 'deactivated' | 'all';

interface List<T> {
  data: T[];
}

// Workspace ------------------------------------------------------------------------------------------------------

export const workspaceQuery = queryOptions({
  queryKey: ['workspace'],
  queryFn: () => api.get<WorkspaceDto>('/workspace'),
});
export const updateWorkspace = (input: UpdateWorkspaceInput) => api.patch<WorkspaceDto>('/workspace', input);

// Users ----------------------------------------------------------------------------------------------------------

export const usersQuery = (status: UserStatusFilter) =>
  queryOptions({
    queryKey: ['users', status],
    queryFn: async () => (await api.get<List<UserDto>>(`/users${qs({ status })}`)).data,
  });
export const createUser = (input: CreateUserInput) => api.post<UserDto>('/users', input);
export const updateUser = (id: string, input: UpdateUserInput) => api.patch<UserDto>(`/users/${id}`, input);
export const deactivationImpactQuery = (id: string) =>
  queryOptions({
    queryKey: ['users', id, 'deactivation'],
    queryFn: () => api.get<DeactivationImpactDto>(`/users/${id}/deactivation`),
    staleTime: 0,
  });
export const deactivateUser = (id: string, targets: HandoverTargets = {}) =>
  api.post<UserDto>(`/users/${id}/deactivate`, targets);
export const reactivateUser = (id: string) => api.post<UserDto>(`/users/${id}/reactivate`);
export const updateMe = (input: UpdateMeInput) => api.patch<UserDto>('/users/me', input);

// Teams ----------------------------------------------------------------------------------------------------------

export const teamsQuery = queryOptions({
  queryKey: ['teams'],
  queryFn: async () => (await api.get<List<TeamDto>>('/teams')).data,
});
export const createTeam = (input: CreateTeamInput) => api.post<TeamDto>('/teams', input);
export const updateTeam = (id: string, input: UpdateTeamInput) => api.patch<TeamDto>(`/teams/${id}`, input);
export const deleteTeam = (id: string) => api.delete(`/teams/${id}`);

// API keys -------------------------------------------------------------------------------------------------------

export const apiKeysQuery = queryOptions({
  queryKey: ['api-keys'],
  queryFn: async () => (await api.get<List<ApiKeyDto>>('/api-keys')).data,
});
export const createApiKey = (input: CreateApiKeyInput) => api.post<CreatedApiKeyDto>('/api-keys', input);
export const revokeApiKey = (id: string) => api.delete<ApiKeyDto>(`/api-keys/${id}`);
