import { z } from 'zod';
import type { RoutePlugin } from '../../platform/http/plugin.ts';
import { errors, IdParams } from '../../platform/http/schemas.ts';
import { IfMatchHeaders } from '../contacts/contact-http.ts';
import { etag, versionFromIfMatch } from '../notes/if-match.ts';
import { getContactSegments } from './contact-segments.ts';
import {
  addGroupMembers,
  createGroup,
  deleteGroup,
  getGroup,
  listGroups,
  removeGroupMembers,
  updateGroup,
} from './groups.service.ts';
import {
  ContactMemberParams,
  ContactSegments,
  CreateGroupBody,
  CreateTargetMarketBody,
  Group,
  MembersBody,
  MembersResult,
  RulesPreview,
  RulesPreviewBody,
  TargetMarket,
  UpdateGroupBody,
  UpdateTargetMarketBody,
} from './segments.schemas.ts';
import {
  createTargetMarket,
  deleteTargetMarket,
  getTargetMarket,
  listTargetMarkets,
  previewRules,
  refuseManualMembership,
  updateTargetMarket,
} from './target-markets.service.ts';

const groupTags = ['Groups'];
const marketTags = ['Target markets'];

export const segmentsRoutes: RoutePlugin = async (app) => {
  // ── Groups ────────────────────────────────────────────────────────────────────────────────
  app.get(
    '/groups',
    {
      schema: {
        tags: groupTags,
        summary: 'The workspace’s groups with their member counts',
        response: { 200: z.object({ data: z.array(Group) }) },
      },
    },
    async (req) => ({ data: await listGroups({ ctx: req.ctx }) }),
  );
  app.post(
    '/groups',
    {
      schema: {
        tags: groupTags,
        summary: 'Create a group (anyone; names are unique, case-insensitively)',
        body: CreateGroupBody,
        response: { 201: Group, ...errors(409) },
      },
    },
    async (req, reply) => {
      const group = await createGroup({ ctx: req.ctx, input: req.body });
      return reply.status(201).header('etag', etag(group.version)).send(group);
    },
  );
  app.get(
    '/groups/:id',
    {
      schema: { tags: groupTags, summary: 'One group', params: IdParams, response: { 200: Group, ...errors(404) } },
    },
    async (req, reply) => {
      const group = await getGroup({ ctx: req.ctx, groupId: req.params.id });
      return reply.header('etag', etag(group.version)).send(group);
    },
  );
  app.patch(
    '/groups/:id',
    {
      schema: {
        tags: groupTags,
        summary: 'Rename, describe or recolour a group (admins; send If-Match to refuse a stale edit)',
        params: IdParams,
        headers: IfMatchHeaders,
        body: UpdateGroupBody,
        response: { 200: Group, ...errors(403, 404, 409) },
      },
    },
    async (req, reply) => {
      const group = await updateGroup({
        ctx: req.ctx,
        groupId: req.params.id,
        input: req.body,
        expectedVersion: versionFromIfMatch(req.headers['if-match'], 'group'),
      });
      return reply.header('etag', etag(group.version)).send(group);
    },
  );
  app.delete(
    '/groups/:id',
    {
      schema: {
        tags: groupTags,
        summary: 'Delete a group; every member leaves it, journaled on the contact (admins)',
        params: IdParams,
        headers: IfMatchHeaders,
        response: { 204: z.undefined(), ...errors(403, 404, 409) },
      },
    },
    async (req, reply) => {
      await deleteGroup({
        ctx: req.ctx,
        groupId: req.params.id,
        expectedVersion: versionFromIfMatch(req.headers['if-match'], 'group'),
      });
      return reply.status(204).send();
    },
  );
  app.post(
    '/groups/:id/members',
    {
      schema: {
        tags: groupTags,
        summary: 'Put contacts in a group (ids or a list query); archived contacts stay out',
        params: IdParams,
        body: MembersBody,
        response: { 200: MembersResult, ...errors(404, 422) },
      },
    },
    async (req) => addGroupMembers({ ctx: req.ctx, groupId: req.params.id, input: req.body }),
  );
  app.post(
    '/groups/:id/members/remove',
    {
      schema: {
        tags: groupTags,
        summary: 'Take contacts out of a group (ids or a list query)',
        params: IdParams,
        body: MembersBody,
        response: { 200: MembersResult, ...errors(404, 422) },
      },
    },
    async (req) => removeGroupMembers({ ctx: req.ctx, groupId: req.params.id, input: req.body }),
  );
  app.delete(
    '/groups/:id/members/:contactId',
    {
      schema: {
        tags: groupTags,
        summary: 'Take one contact out of a group',
        params: ContactMemberParams,
        response: { 200: MembersResult, ...errors(404) },
      },
    },
    async (req) => removeGroupMembers({ ctx: req.ctx, groupId: req.params.id, input: { ids: [req.params.contactId] } }),
  );

  // ── Target markets ────────────────────────────────────────────────────────────────────────
  app.get(
    '/target-markets',
    {
      schema: {
        tags: marketTags,
        summary: 'The workspace’s target markets with their rules and member counts',
        response: { 200: z.object({ data: z.array(TargetMarket) }) },
      },
    },
    async (req) => ({ data: await listTargetMarkets({ ctx: req.ctx }) }),
  );
  app.post(
    '/target-markets',
    {
      schema: {
        tags: marketTags,
        summary: 'Create a target market; its membership is built from the rules at once (admins)',
        body: CreateTargetMarketBody,
        response: { 201: TargetMarket, ...errors(400, 403, 409) },
      },
    },
    async (req, reply) => {
      const market = await createTargetMarket({ ctx: req.ctx, input: req.body });
      return reply.status(201).header('etag', etag(market.version)).send(market);
    },
  );
  app.post(
    '/target-markets/preview',
    {
      schema: {
        tags: marketTags,
        summary: 'How many active contacts these rules match (the rule editor’s live count)',
        body: RulesPreviewBody,
        response: { 200: RulesPreview, ...errors(400) },
      },
    },
    async (req) => previewRules({ ctx: req.ctx, rules: req.body.rules }),
  );
  app.get(
    '/target-markets/:id',
    {
      schema: {
        tags: marketTags,
        summary: 'One target market',
        params: IdParams,
        response: { 200: TargetMarket, ...errors(404) },
      },
    },
    async (req, reply) => {
      const market = await getTargetMarket({ ctx: req.ctx, marketId: req.params.id });
      return reply.header('etag', etag(market.version)).send(market);
    },
  );
  app.patch(
    '/target-markets/:id',
    {
      schema: {
        tags: marketTags,
        summary: 'Change a target market; new rules rebuild its membership (admins; If-Match refuses a stale edit)',
        params: IdParams,
        headers: IfMatchHeaders,
        body: UpdateTargetMarketBody,
        response: { 200: TargetMarket, ...errors(400, 403, 404, 409) },
      },
    },
    async (req, reply) => {
      const market = await updateTargetMarket({
        ctx: req.ctx,
        marketId: req.params.id,
        input: req.body,
        expectedVersion: versionFromIfMatch(req.headers['if-match'], 'target market'),
      });
      return reply.header('etag', etag(market.version)).send(market);
    },
  );
  app.delete(
    '/target-markets/:id',
    {
      schema: {
        tags: marketTags,
        summary: 'Delete a target market (admins)',
        params: IdParams,
        headers: IfMatchHeaders,
        response: { 204: z.undefined(), ...errors(403, 404, 409) },
      },
    },
    async (req, reply) => {
      await deleteTargetMarket({
        ctx: req.ctx,
        marketId: req.params.id,
        expectedVersion: versionFromIfMatch(req.headers['if-match'], 'target market'),
      });
      return reply.status(204).send();
    },
  );
  app.post(
    '/target-markets/:id/members',
    {
      schema: {
        tags: marketTags,
        summary: 'Refused: membership follows the rules (409 membership_automatic)',
        params: IdParams,
        response: { ...errors(404, 409) },
      },
    },
    async (req) => refuseManualMembership({ ctx: req.ctx, marketId: req.params.id }),
  );
  app.delete(
    '/target-markets/:id/members/:contactId',
    {
      schema: {
        tags: marketTags,
        summary: 'Refused: membership follows the rules (409 membership_automatic)',
        params: ContactMemberParams,
        response: { ...errors(404, 409) },
      },
    },
    async (req) => refuseManualMembership({ ctx: req.ctx, marketId: req.params.id, contactId: req.params.contactId }),
  );

  // ── On the contact ────────────────────────────────────────────────────────────────────────
  app.get(
    '/contacts/:id/segments',
    {
      schema: {
        tags: groupTags,
        summary: 'The groups and target markets a contact is in',
        params: IdParams,
        response: { 200: ContactSegments, ...errors(404) },
      },
    },
    async (req) => getContactSegments({ ctx: req.ctx, contactId: req.params.id }),
  );
};
