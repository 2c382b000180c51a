import { z } from 'zod';
import { Timestamp } from '../../platform/http/schemas.ts';

export const Team = z
  .object({
    id: z.uuid(),
    name: z.string(),
    members: z.array(z.object({ id: z.uuid(), name: z.string(), isLeader: z.boolean() })),
    createdAt: Timestamp,
  })
  .meta({ id: 'Team' });
export type TeamDto = z.infer<typeof Team>;

export const CreateTeamBody = z.object({
  name: z.string().trim().min(1).max(80),
  memberIds: z.array(z.uuid()).max(500).default([]),
  leaderId: z.uuid().nullable().optional(),
});

export const UpdateTeamBody = z
  .object({
    name: z.string().trim().min(1).max(80),
    memberIds: z.array(z.uuid()).max(500),
    leaderId: z.uuid().nullable(),
  })
  .partial();
