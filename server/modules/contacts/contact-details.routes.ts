// Routes for the parts of a contact: emails, phones, locations, tags, followers, DND, picture and
// custom fields. Each write answers with the full profile and its ETag, like PATCH /contacts/:id.
import { z } from 'zod';
import type { RoutePlugin } from '../../platform/http/plugin.ts';
import { IdParams, Problem } from '../../platform/http/schemas.ts';
import { attachField, createInlineField, detachField } from './contact-fields.service.ts';
import { addEmail, removeEmail, updateEmail } from './contact-emails.service.ts';
import { addFollower, removeFollower } from './contact-followers.service.ts';
import { IfMatchHeaders, sendProfile } from './contact-http.ts';
import { addLocation, removeLocation, updateLocation } from './contact-locations.service.ts';
import { addPhone, recheckPhoneLineType, removePhone, updatePhone } from './contact-phones.service.ts';
import { removeContactPicture, setContactPicture } from './contact-picture.service.ts';
import { tagContact, untagContact } from './contact-tags.service.ts';
import { updateContactDnd } from './contact-dnd.service.ts';
import { parseIfMatch } from './contact-write.ts';
import {
  AttachFieldBody,
  ContactProfile,
  DndBody,
  EmailInput,
  FollowerBody,
  InlineFieldBody,
  LocationInput,
  PhoneInput,
  TagsBody,
  UpdateEmailBody,
  UpdateLocationBody,
  UpdatePhoneBody,
} from './contacts.schemas.ts';

const tags = ['Contact details'];
const EmailParams = IdParams.extend({ emailId: z.uuid() });
const PhoneParams = IdParams.extend({ phoneId: z.uuid() });
const LocationParams = IdParams.extend({ locationId: z.uuid() });
const TagParams = IdParams.extend({ tagId: z.uuid() });
const UserParams = IdParams.extend({ userId: z.uuid() });
const FieldParams = IdParams.extend({ fieldId: z.uuid() });

const profile = (status: 200 | 201, ...codes: (400 | 404 | 409 | 413 | 415 | 422)[]) => ({
  [status]: ContactProfile,
  ...Object.fromEntries([401, ...codes].map((c) => [c, Problem])),
});

export const contactDetailsRoutes: RoutePlugin = async (app) => {
  // ── Emails ──
  app.post(
    '/contacts/:id/emails',
    {
      schema: {
        tags,
        summary: 'Add an email (409 email_taken names the contact that has it)',
        params: IdParams,
        headers: IfMatchHeaders,
        body: EmailInput,
        response: profile(201, 400, 404, 409),
      },
    },
    async (req, reply) =>
      sendProfile(
        reply,
        await addEmail({
          ctx: req.ctx,
          contactId: req.params.id,
          ifMatch: parseIfMatch(req.headers['if-match']),
          input: req.body,
        }),
        201,
      ),
  );
  app.patch(
    '/contacts/:id/emails/:emailId',
    {
      schema: {
        tags,
        summary: 'Change an email’s address, type, primary flag or verification',
        params: EmailParams,
        headers: IfMatchHeaders,
        body: UpdateEmailBody,
        response: profile(200, 400, 404, 409),
      },
    },
    async (req, reply) =>
      sendProfile(
        reply,
        await updateEmail({
          ctx: req.ctx,
          contactId: req.params.id,
          emailId: req.params.emailId,
          ifMatch: parseIfMatch(req.headers['if-match']),
          input: req.body,
        }),
      ),
  );
  app.delete(
    '/contacts/:id/emails/:emailId',
    {
      schema: {
        tags,
        summary: 'Remove an email (the next one becomes primary)',
        params: EmailParams,
        headers: IfMatchHeaders,
        response: profile(200, 400, 404, 409, 422),
      },
    },
    async (req, reply) =>
      sendProfile(
        reply,
        await removeEmail({
          ctx: req.ctx,
          contactId: req.params.id,
          emailId: req.params.emailId,
          ifMatch: parseIfMatch(req.headers['if-match']),
        }),
      ),
  );

  // ── Phones ──
  app.post(
    '/contacts/:id/phones',
    {
      schema: {
        tags,
        summary: 'Add a phone number (stored as E.164; line type checked; 409 phone_taken / sms_not_allowed)',
        params: IdParams,
        headers: IfMatchHeaders,
        body: PhoneInput,
        response: profile(201, 400, 404, 409),
      },
    },
    async (req, reply) =>
      sendProfile(
        reply,
        await addPhone({
          ctx: req.ctx,
          contactId: req.params.id,
          ifMatch: parseIfMatch(req.headers['if-match']),
          input: req.body,
        }),
        201,
      ),
  );
  app.patch(
    '/contacts/:id/phones/:phoneId',
    {
      schema: {
        tags,
        summary: 'Change a number (re-checks its line type), its type, primary flag or "OK to SMS"',
        params: PhoneParams,
        headers: IfMatchHeaders,
        body: UpdatePhoneBody,
        response: profile(200, 400, 404, 409),
      },
    },
    async (req, reply) =>
      sendProfile(
        reply,
        await updatePhone({
          ctx: req.ctx,
          contactId: req.params.id,
          phoneId: req.params.phoneId,
          ifMatch: parseIfMatch(req.headers['if-match']),
          input: req.body,
        }),
      ),
  );
  app.delete(
    '/contacts/:id/phones/:phoneId',
    {
      schema: {
        tags,
        summary: 'Remove a phone number',
        params: PhoneParams,
        headers: IfMatchHeaders,
        response: profile(200, 400, 404, 409),
      },
    },
    async (req, reply) =>
      sendProfile(
        reply,
        await removePhone({
          ctx: req.ctx,
          contactId: req.params.id,
          phoneId: req.params.phoneId,
          ifMatch: parseIfMatch(req.headers['if-match']),
        }),
      ),
  );
  app.post(
    '/contacts/:id/phones/:phoneId/check-line-type',
    {
      schema: {
        tags,
        summary: 'Re-run the line-type check of a number (landline → "OK to SMS" off)',
        params: PhoneParams,
        headers: IfMatchHeaders,
        response: profile(200, 400, 404, 409),
      },
    },
    async (req, reply) =>
      sendProfile(
        reply,
        await recheckPhoneLineType({
          ctx: req.ctx,
          contactId: req.params.id,
          phoneId: req.params.phoneId,
          ifMatch: parseIfMatch(req.headers['if-match']),
        }),
      ),
  );

  // ── Locations ──
  app.post(
    '/contacts/:id/locations',
    {
      schema: {
        tags,
        summary: 'Add a location (label, address, coordinates)',
        params: IdParams,
        headers: IfMatchHeaders,
        body: LocationInput,
        response: profile(201, 400, 404, 409),
      },
    },
    async (req, reply) =>
      sendProfile(
        reply,
        await addLocation({
          ctx: req.ctx,
          contactId: req.params.id,
          ifMatch: parseIfMatch(req.headers['if-match']),
          input: req.body,
        }),
        201,
      ),
  );
  app.patch(
    '/contacts/:id/locations/:locationId',
    {
      schema: {
        tags,
        summary: 'Change a location',
        params: LocationParams,
        headers: IfMatchHeaders,
        body: UpdateLocationBody,
        response: profile(200, 400, 404, 409),
      },
    },
    async (req, reply) =>
      sendProfile(
        reply,
        await updateLocation({
          ctx: req.ctx,
          contactId: req.params.id,
          locationId: req.params.locationId,
          ifMatch: parseIfMatch(req.headers['if-match']),
          input: req.body,
        }),
      ),
  );
  app.delete(
    '/contacts/:id/locations/:locationId',
    {
      schema: {
        tags,
        summary: 'Remove a location',
        params: LocationParams,
        headers: IfMatchHeaders,
        response: profile(200, 400, 404, 409),
      },
    },
    async (req, reply) =>
      sendProfile(
        reply,
        await removeLocation({
          ctx: req.ctx,
          contactId: req.params.id,
          locationId: req.params.locationId,
          ifMatch: parseIfMatch(req.headers['if-match']),
        }),
      ),
  );

  // ── Tags ──
  app.post(
    '/contacts/:id/tags',
    {
      schema: {
        tags,
        summary: 'Tag a contact by tag names (new ones are created) or tag ids',
        params: IdParams,
        headers: IfMatchHeaders,
        body: TagsBody,
        response: profile(200, 400, 404, 409, 422),
      },
    },
    async (req, reply) =>
      sendProfile(
        reply,
        await tagContact({
          ctx: req.ctx,
          contactId: req.params.id,
          ifMatch: parseIfMatch(req.headers['if-match']),
          input: req.body,
        }),
      ),
  );
  app.delete(
    '/contacts/:id/tags/:tagId',
    {
      schema: {
        tags,
        summary: 'Remove a tag from a contact',
        params: TagParams,
        headers: IfMatchHeaders,
        response: profile(200, 400, 404, 409),
      },
    },
    async (req, reply) =>
      sendProfile(
        reply,
        await untagContact({
          ctx: req.ctx,
          contactId: req.params.id,
          tagId: req.params.tagId,
          ifMatch: parseIfMatch(req.headers['if-match']),
        }),
      ),
  );

  // ── Followers ──
  app.post(
    '/contacts/:id/followers',
    {
      schema: {
        tags,
        summary: 'Add a follower (a user who also hears about the contact)',
        params: IdParams,
        headers: IfMatchHeaders,
        body: FollowerBody,
        response: profile(200, 400, 404, 409, 422),
      },
    },
    async (req, reply) =>
      sendProfile(
        reply,
        await addFollower({
          ctx: req.ctx,
          contactId: req.params.id,
          userId: req.body.userId,
          ifMatch: parseIfMatch(req.headers['if-match']),
        }),
      ),
  );
  app.delete(
    '/contacts/:id/followers/:userId',
    {
      schema: {
        tags,
        summary: 'Remove a follower',
        params: UserParams,
        headers: IfMatchHeaders,
        response: profile(200, 400, 404, 409),
      },
    },
    async (req, reply) =>
      sendProfile(
        reply,
        await removeFollower({
          ctx: req.ctx,
          contactId: req.params.id,
          userId: req.params.userId,
          ifMatch: parseIfMatch(req.headers['if-match']),
        }),
      ),
  );

  // ── Do not disturb ──
  app.put(
    '/contacts/:id/dnd',
    {
      schema: {
        tags,
        summary: 'Switch do-not-disturb per channel, for all channels, or for inbound calls/SMS',
        params: IdParams,
        headers: IfMatchHeaders,
        body: DndBody,
        response: profile(200, 400, 404, 409),
      },
    },
    async (req, reply) =>
      sendProfile(
        reply,
        await updateContactDnd({
          ctx: req.ctx,
          contactId: req.params.id,
          ifMatch: parseIfMatch(req.headers['if-match']),
          input: req.body,
        }),
      ),
  );

  // ── Picture ──
  app.put(
    '/contacts/:id/picture',
    {
      schema: {
        tags,
        summary: 'Upload the profile picture (multipart field "file": PNG, JPEG, WebP or GIF, at most 5 MB)',
        params: IdParams,
        headers: IfMatchHeaders,
        consumes: ['multipart/form-data'],
        response: profile(200, 400, 404, 409, 413, 415),
      },
    },
    async (req, reply) =>
      sendProfile(
        reply,
        await setContactPicture({
          ctx: req.ctx,
          contactId: req.params.id,
          ifMatch: parseIfMatch(req.headers['if-match']),
          part: await req.file(),
        }),
      ),
  );
  app.delete(
    '/contacts/:id/picture',
    {
      schema: {
        tags,
        summary: 'Remove the profile picture',
        params: IdParams,
        headers: IfMatchHeaders,
        response: profile(200, 400, 404, 409),
      },
    },
    async (req, reply) =>
      sendProfile(
        reply,
        await removeContactPicture({
          ctx: req.ctx,
          contactId: req.params.id,
          ifMatch: parseIfMatch(req.headers['if-match']),
        }),
      ),
  );

  // ── Custom fields on this contact ──
  app.post(
    '/contacts/:id/fields',
    {
      schema: {
        tags,
        summary: 'Add a library field to this contact only',
        params: IdParams,
        headers: IfMatchHeaders,
        body: AttachFieldBody,
        response: profile(200, 400, 404, 409),
      },
    },
    async (req, reply) =>
      sendProfile(
        reply,
        await attachField({
          ctx: req.ctx,
          contactId: req.params.id,
          fieldId: req.body.fieldId,
          ifMatch: parseIfMatch(req.headers['if-match']),
        }),
      ),
  );
  app.post(
    '/contacts/:id/fields/inline',
    {
      schema: {
        tags,
        summary: 'Create a field from the contact page: it joins the library and is set on this contact',
        params: IdParams,
        headers: IfMatchHeaders,
        body: InlineFieldBody,
        response: profile(201, 400, 404, 409, 422),
      },
    },
    async (req, reply) =>
      sendProfile(
        reply,
        await createInlineField({
          ctx: req.ctx,
          contactId: req.params.id,
          ifMatch: parseIfMatch(req.headers['if-match']),
          input: req.body,
        }),
        201,
      ),
  );
  app.delete(
    '/contacts/:id/fields/:fieldId',
    {
      schema: {
        tags,
        summary: 'Take a field added to this contact off it (its value is removed)',
        params: FieldParams,
        headers: IfMatchHeaders,
        response: profile(200, 400, 404, 409),
      },
    },
    async (req, reply) =>
      sendProfile(
        reply,
        await detachField({
          ctx: req.ctx,
          contactId: req.params.id,
          fieldId: req.params.fieldId,
          ifMatch: parseIfMatch(req.headers['if-match']),
        }),
      ),
  );
};
