// Routes for the parts of a contact: emails, phones, locations, tags, followers, DND, picture and
// custom fields. Each write takes If-Match and answers with the full profile and its ETag, like
// PATCH /contacts/:id; one helper declares that shape, the list below says only what differs.
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Ctx } from '../../platform/context.ts';
import type { RoutePlugin } from '../../platform/http/plugin.ts';
import { IdParams, errors } from '../../platform/http/schemas.ts';
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
  type ContactProfileDto,
} from './contacts.schemas.ts';

const withId = (name: string) => IdParams.extend({ [name]: z.uuid() });

/** What every write to a part of a contact starts from. */
interface Write {
  ctx: Ctx;
  contactId: string;
  ifMatch: number | undefined;
  params: Record<string, string>;
  body: any; // validated by the route's body schema
  req: FastifyRequest;
}

interface ProfileRoute {
  method: 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  url: string;
  summary: string;
  /** The item's id in the path, after the contact's. */
  itemParam?: string;
  body?: z.ZodType;
  multipart?: boolean;
  created?: boolean;
  /** Errors particular to the route (the platform adds 400, 401, 403, 404, 413, 415, 500). */
  errors?: (409 | 422)[];
  write: (w: Write) => Promise<ContactProfileDto>;
}

const routes: ProfileRoute[] = [
  // ── Emails ──
  {
    method: 'POST',
    url: '/contacts/:id/emails',
    summary: 'Add an email (409 email_taken names the contact that has it, if you may see it)',
    body: EmailInput,
    created: true,
    write: (w) => addEmail({ ...w, input: w.body }),
  },
  {
    method: 'PATCH',
    url: '/contacts/:id/emails/:emailId',
    summary: 'Change an email’s address, type, primary flag or verification',
    itemParam: 'emailId',
    body: UpdateEmailBody,
    write: (w) => updateEmail({ ...w, emailId: w.params.emailId!, input: w.body }),
  },
  {
    method: 'DELETE',
    url: '/contacts/:id/emails/:emailId',
    summary: 'Remove an email (the next one becomes primary)',
    itemParam: 'emailId',
    errors: [409, 422],
    write: (w) => removeEmail({ ...w, emailId: w.params.emailId! }),
  },

  // ── Phones ──
  {
    method: 'POST',
    url: '/contacts/:id/phones',
    summary: 'Add a phone number (stored as E.164; line type checked; 409 phone_taken / sms_not_allowed)',
    body: PhoneInput,
    created: true,
    write: (w) => addPhone({ ...w, input: w.body }),
  },
  {
    method: 'PATCH',
    url: '/contacts/:id/phones/:phoneId',
    summary: 'Change a number (re-checks its line type), its type, primary flag or "OK to SMS"',
    itemParam: 'phoneId',
    body: UpdatePhoneBody,
    write: (w) => updatePhone({ ...w, phoneId: w.params.phoneId!, input: w.body }),
  },
  {
    method: 'DELETE',
    url: '/contacts/:id/phones/:phoneId',
    summary: 'Remove a phone number',
    itemParam: 'phoneId',
    write: (w) => removePhone({ ...w, phoneId: w.params.phoneId! }),
  },
  {
    method: 'POST',
    url: '/contacts/:id/phones/:phoneId/check-line-type',
    summary: 'Re-run the line-type check of a number (landline → "OK to SMS" off)',
    itemParam: 'phoneId',
    write: (w) => recheckPhoneLineType({ ...w, phoneId: w.params.phoneId! }),
  },

  // ── Locations ──
  {
    method: 'POST',
    url: '/contacts/:id/locations',
    summary: 'Add a location (label, address, coordinates)',
    body: LocationInput,
    created: true,
    write: (w) => addLocation({ ...w, input: w.body }),
  },
  {
    method: 'PATCH',
    url: '/contacts/:id/locations/:locationId',
    summary: 'Change a location',
    itemParam: 'locationId',
    body: UpdateLocationBody,
    write: (w) => updateLocation({ ...w, locationId: w.params.locationId!, input: w.body }),
  },
  {
    method: 'DELETE',
    url: '/contacts/:id/locations/:locationId',
    summary: 'Remove a location',
    itemParam: 'locationId',
    write: (w) => removeLocation({ ...w, locationId: w.params.locationId! }),
  },

  // ── Tags ──
  {
    method: 'POST',
    url: '/contacts/:id/tags',
    summary: 'Tag a contact by tag names (new ones are created) or tag ids',
    body: TagsBody,
    errors: [409, 422],
    write: (w) => tagContact({ ...w, input: w.body }),
  },
  {
    method: 'DELETE',
    url: '/contacts/:id/tags/:tagId',
    summary: 'Remove a tag from a contact',
    itemParam: 'tagId',
    write: (w) => untagContact({ ...w, tagId: w.params.tagId! }),
  },

  // ── Followers ──
  {
    method: 'POST',
    url: '/contacts/:id/followers',
    summary: 'Add a follower (a user who also hears about the contact)',
    body: FollowerBody,
    errors: [409, 422],
    write: (w) => addFollower({ ...w, userId: w.body.userId }),
  },
  {
    method: 'DELETE',
    url: '/contacts/:id/followers/:userId',
    summary: 'Remove a follower',
    itemParam: 'userId',
    write: (w) => removeFollower({ ...w, userId: w.params.userId! }),
  },

  // ── Do not disturb ──
  {
    method: 'PUT',
    url: '/contacts/:id/dnd',
    summary: 'Switch do-not-disturb per channel, for all channels, or for inbound calls/SMS',
    body: DndBody,
    write: (w) => updateContactDnd({ ...w, input: w.body }),
  },

  // ── Picture ──
  {
    method: 'PUT',
    url: '/contacts/:id/picture',
    summary: 'Upload the profile picture (multipart field "file": PNG, JPEG, WebP or GIF, at most 5 MB)',
    multipart: true,
    write: async (w) => setContactPicture({ ...w, part: await w.req.file() }),
  },
  {
    method: 'DELETE',
    url: '/contacts/:id/picture',
    summary: 'Remove the profile picture',
    write: (w) => removeContactPicture(w),
  },

  // ── Custom fields on this contact ──
  {
    method: 'POST',
    url: '/contacts/:id/fields',
    summary: 'Add a library field to this contact only',
    body: AttachFieldBody,
    write: (w) => attachField({ ...w, fieldId: w.body.fieldId }),
  },
  {
    method: 'POST',
    url: '/contacts/:id/fields/inline',
    summary: 'Create a field from the contact page: it joins the library and is set on this contact',
    body: InlineFieldBody,
    created: true,
    errors: [409, 422],
    write: (w) => createInlineField({ ...w, input: w.body }),
  },
  {
    method: 'DELETE',
    url: '/contacts/:id/fields/:fieldId',
    summary: 'Take a field added to this contact off it (its value is removed)',
    itemParam: 'fieldId',
    write: (w) => detachField({ ...w, fieldId: w.params.fieldId! }),
  },
];

export const contactDetailsRoutes: RoutePlugin = async (app) => {
  for (const r of routes) {
    const status = r.created ? 201 : 200;
    app.route({
      method: r.method,
      url: r.url,
      schema: {
        tags: ['Contact details'],
        summary: r.summary,
        params: r.itemParam ? withId(r.itemParam) : IdParams,
        headers: IfMatchHeaders,
        ...(r.body ? { body: r.body } : {}),
        ...(r.multipart ? { consumes: ['multipart/form-data'] } : {}),
        response: { [status]: ContactProfile, ...errors(...(r.errors ?? [409])) },
      },
      handler: async (req, reply) => {
        const params = req.params as Record<string, string>;
        const profile = await r.write({
          ctx: req.ctx,
          contactId: params.id!,
          ifMatch: parseIfMatch(req.headers['if-match']),
          params,
          body: req.body,
          req,
        });
        return sendProfile(reply, profile, status);
      },
    });
  }
};
