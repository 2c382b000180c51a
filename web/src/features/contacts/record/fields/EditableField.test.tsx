import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { fakeFetch, json, makeSession, problem, renderWithApp } from '../../../../test/render.tsx';
import { useContact, useContactActions, type ContactProfile } from '../../contact.api.ts';
import { ContactPageProvider, useContactPage } from '../ContactContext.tsx';
import { CONTACT_ID, makeProfile } from '../testing/profile.ts';
import { EditableField } from './EditableField.tsx';

function TitleField() {
  const { contact } = useContactPage();
  const actions = useContactActions(contact.id);
  return (
    <EditableField
      testId="field-title"
      label="Title"
      value={contact.title}
      editor={{ type: 'text' }}
      onSave={(title, version) => actions.update(version, { title: title as string | null })}
    />
  );
}

function BudgetField() {
  const { contact } = useContactPage();
  const actions = useContactActions(contact.id);
  return (
    <EditableField
      testId="field-budget"
      label="Budget"
      value={contact.custom.budget ?? null}
      editor={{ type: 'number' }}
      text={contact.custom.budget === undefined ? null : String(contact.custom.budget)}
      onSave={(budget, version) => actions.update(version, { custom: { budget } })}
    />
  );
}

function Page({ children }: { children: React.ReactNode }) {
  const contact = useContact(CONTACT_ID);
  if (!contact.data) return <p>Loading</p>;
  return <ContactPageProvider contact={contact.data}>{children}</ContactPageProvider>;
}

const PATH = `/api/v1/contacts/${CONTACT_ID}`;

/** A fake server holding one contact; PATCH answers with `onPatch`, or applies the body and bumps the version. */
function serve(start: ContactProfile, onPatch?: (body: Record<string, unknown>) => Response | undefined) {
  let current = start;
  const requests = fakeFetch({
    [`GET ${PATH}`]: () => json(200, current),
    [`PATCH ${PATH}`]: (req) => {
      const body = req.body as Record<string, unknown>;
      const answer = onPatch?.(body);
      if (answer) return answer;
      current = { ...current, ...body, version: current.version + 1 } as ContactProfile;
      return json(200, current);
    },
  });
  return {
    requests,
    change(next: Partial<ContactProfile>) {
      current = { ...current, ...next, version: current.version + 1 };
    },
  };
}

async function renderField(field: React.ReactNode) {
  await renderWithApp(<Page>{field}</Page>, { session: makeSession() });
  return screen.findByTestId(/^field-/);
}

describe('inline editing', () => {
  it('turns the value into an input on click; Enter saves with If-Match and shows the new value', async () => {
    const server = serve(makeProfile({ title: 'Buyer', version: 7 }));
    const row = await renderField(<TitleField />);
    const user = userEvent.setup();

    await user.click(within(row).getByRole('button', { name: 'Title: Buyer. Edit' }));
    const input = within(row).getByRole('textbox', { name: 'Title' });
    expect(input).toHaveValue('Buyer');
    await user.clear(input);
    await user.type(input, 'Head of Procurement{Enter}');

    expect(await within(row).findByRole('button', { name: 'Title: Head of Procurement. Edit' })).toBeInTheDocument();
    const patch = server.requests.find((r) => r.method === 'PATCH')!;
    expect(patch.body).toEqual({ title: 'Head of Procurement' });
    expect(patch.headers.get('if-match')).toBe('"7"');
    // The answer replaced the cached profile: no second GET.
    expect(server.requests.filter((r) => r.method === 'GET')).toHaveLength(1);
  });

  it('cancels with Escape: nothing is sent and the old value stays', async () => {
    const server = serve(makeProfile({ title: 'Buyer' }));
    const row = await renderField(<TitleField />);
    const user = userEvent.setup();

    await user.click(within(row).getByRole('button', { name: 'Title: Buyer. Edit' }));
    await user.type(within(row).getByRole('textbox', { name: 'Title' }), ' and Planner{Escape}');

    expect(within(row).getByRole('button', { name: 'Title: Buyer. Edit' })).toBeInTheDocument();
    expect(within(row).queryByRole('textbox')).not.toBeInTheDocument();
    expect(server.requests.some((r) => r.method === 'PATCH')).toBe(false);
  });

  it('saves on leaving the field when the value changed, and just closes when it did not', async () => {
    const server = serve(makeProfile({ title: 'Buyer' }));
    const row = await renderField(<TitleField />);
    const user = userEvent.setup();

    await user.click(within(row).getByRole('button', { name: 'Title: Buyer. Edit' }));
    await user.tab();
    expect(within(row).queryByRole('textbox')).not.toBeInTheDocument();
    expect(server.requests.some((r) => r.method === 'PATCH')).toBe(false);

    await user.click(within(row).getByRole('button', { name: 'Title: Buyer. Edit' }));
    await user.type(within(row).getByRole('textbox', { name: 'Title' }), ' (EMEA)');
    await user.tab();
    expect(await within(row).findByRole('button', { name: 'Title: Buyer (EMEA). Edit' })).toBeInTheDocument();
    expect(server.requests.filter((r) => r.method === 'PATCH')).toHaveLength(1);
  });

  it('shows a version conflict in place, never overwriting, and reloads the contact on request', async () => {
    const server = serve(makeProfile({ title: 'Buyer', version: 7 }), (body) =>
      body.title === 'Category Manager'
        ? problem(409, 'version_conflict', 'The contact was changed meanwhile (now version 8)', { version: 8 })
        : undefined,
    );
    const row = await renderField(<TitleField />);
    const user = userEvent.setup();

    await user.click(within(row).getByRole('button', { name: 'Title: Buyer. Edit' }));
    server.change({ title: 'Senior Buyer' });
    const input = within(row).getByRole('textbox', { name: 'Title' });
    await user.clear(input);
    await user.type(input, 'Category Manager{Enter}');

    const alert = await within(row).findByRole('alert');
    expect(alert).toHaveTextContent('Someone else changed this contact — reload to see their change');
    // The user's text is still there, and leaving the field does not send it again.
    expect(within(row).getByRole('textbox', { name: 'Title' })).toHaveValue('Category Manager');
    await user.tab();
    expect(server.requests.filter((r) => r.method === 'PATCH')).toHaveLength(1);

    await user.click(within(alert).getByRole('button', { name: 'Reload' }));
    expect(await within(row).findByRole('button', { name: 'Title: Senior Buyer. Edit' })).toBeInTheDocument();
    expect(within(row).queryByRole('alert')).not.toBeInTheDocument();
  });

  it('shows the server’s field error under the field and keeps the editor open', async () => {
    serve(makeProfile({ custom: {} }), () =>
      problem(422, 'field_invalid', 'Budget: enter a number', { field: 'budget' }),
    );
    const row = await renderField(<BudgetField />);
    const user = userEvent.setup();

    await user.click(within(row).getByRole('button', { name: 'Budget: empty. Edit' }));
    await user.type(within(row).getByRole('textbox', { name: 'Budget' }), '1200{Enter}');

    expect(await within(row).findByRole('alert')).toHaveTextContent('Budget: enter a number');
    expect(within(row).getByRole('textbox', { name: 'Budget' })).toBeInTheDocument();
  });

  it('shows a 400 validation message for the field it names', async () => {
    serve(makeProfile({ title: 'Buyer' }), () =>
      problem(400, 'validation_failed', 'body.title: Too big: expected string to have <=200 characters', {
        errors: [{ path: 'body.title', message: 'Use at most 200 characters' }],
      }),
    );
    const row = await renderField(<TitleField />);
    const user = userEvent.setup();
    await user.click(within(row).getByRole('button', { name: 'Title: Buyer. Edit' }));
    await user.type(within(row).getByRole('textbox', { name: 'Title' }), 'x{Enter}');
    await waitFor(() => expect(within(row).getByRole('alert')).toHaveTextContent('Use at most 200 characters'));
  });

  it('offers no editing while the contact is archived', async () => {
    serve(makeProfile({ title: 'Buyer', archivedAt: '2026-03-03T10:00:00.000Z' }));
    const row = await renderField(<TitleField />);
    expect(within(row).getByText('Buyer')).toBeInTheDocument();
    expect(within(row).queryByRole('button')).not.toBeInTheDocument();
  });
});
