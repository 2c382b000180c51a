import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { fakeFetch, json, makeSession, problem, renderWithApp } from '../../../../test/render.tsx';
import { useContact, type ContactPhone } from '../../contact.api.ts';
import { ContactPageProvider } from '../ContactContext.tsx';
import { CONTACT_ID, makePhone, makeProfile } from '../testing/profile.ts';
import { PhoneRow, smsDisplay } from './PhonesSection.tsx';

const LANDLINE_MESSAGE = 'Landline number, SMS not allowed';

function Rows() {
  const contact = useContact(CONTACT_ID);
  if (!contact.data) return null;
  return (
    <ContactPageProvider contact={contact.data}>
      {contact.data.phones.map((p) => (
        <PhoneRow key={p.id} phone={p} />
      ))}
    </ContactPageProvider>
  );
}

async function renderPhones(phones: ContactPhone[], routes: Parameters<typeof fakeFetch>[0] = {}) {
  const requests = fakeFetch({
    [`GET /api/v1/contacts/${CONTACT_ID}`]: () => json(200, makeProfile({ phones })),
    ...routes,
  });
  await renderWithApp(<Rows />, { session: makeSession() });
  return { rows: await screen.findAllByTestId('phone-row'), requests };
}

const landline = makePhone({
  id: '00000000-0000-4000-8000-0000000000f2',
  e164: '+493090182000',
  international: '+49 30 90182000',
  type: 'office',
  isPrimary: false,
  lineType: 'fixed_line',
  smsAllowed: false,
  smsBlockedReason: 'landline',
});

describe('smsDisplay', () => {
  it('locks a landline off with the reason, whatever was stored', () => {
    expect(smsDisplay({ lineType: 'fixed_line', smsAllowed: true, smsBlockedReason: 'landline' })).toEqual({
      checked: false,
      disabled: true,
      reason: LANDLINE_MESSAGE,
      note: null,
    });
  });

  it('leaves textable lines switchable and says when DND blocks SMS', () => {
    expect(smsDisplay({ lineType: 'mobile', smsAllowed: true, smsBlockedReason: null })).toMatchObject({
      checked: true,
      disabled: false,
      reason: null,
    });
    expect(smsDisplay({ lineType: 'voip', smsAllowed: true, smsBlockedReason: 'dnd' }).note).toBe(
      'Do not disturb is on for SMS',
    );
    expect(smsDisplay({ lineType: 'unknown', smsAllowed: false, smsBlockedReason: 'no_permission' })).toMatchObject({
      checked: false,
      disabled: false,
    });
  });
});

describe('PhoneRow', () => {
  it('shows the line type, how it was checked, and a locked SMS toggle for a landline', async () => {
    const { rows } = await renderPhones([makePhone(), landline]);
    const [mobileRow, landlineRow] = rows as [HTMLElement, HTMLElement];

    expect(within(mobileRow).getByTestId('line-type')).toHaveTextContent('Mobile');
    expect(within(mobileRow).getByText(/checked via offline metadata/)).toBeInTheDocument();
    expect(within(mobileRow).getByRole('switch', { name: 'OK to SMS' })).toBeChecked();
    expect(within(mobileRow).getByRole('switch', { name: 'OK to SMS' })).toBeEnabled();
    expect(within(mobileRow).queryByText(LANDLINE_MESSAGE)).not.toBeInTheDocument();
    expect(within(mobileRow).getByRole('link', { name: '+49 1512 3456789' })).toHaveAttribute(
      'href',
      'tel:+4915123456789',
    );

    expect(within(landlineRow).getByTestId('line-type')).toHaveTextContent('Landline');
    expect(within(landlineRow).getByText(LANDLINE_MESSAGE)).toBeInTheDocument();
    const toggle = within(landlineRow).getByRole('switch', { name: 'OK to SMS' });
    expect(toggle).not.toBeChecked();
    expect(toggle).toBeDisabled();
  });

  it('says "Mobile" once for a mobile number on a mobile line, and both when the line type adds something', async () => {
    const officeMobile = makePhone({ id: '00000000-0000-4000-8000-0000000000f3', type: 'office', isPrimary: false });
    const { rows } = await renderPhones([makePhone(), officeMobile]);
    const [mobileRow, officeRow] = rows as [HTMLElement, HTMLElement];
    expect(within(mobileRow).getAllByText('Mobile')).toHaveLength(1);
    expect(within(officeRow).getByText('Office')).toBeInTheDocument();
    expect(within(officeRow).getByTestId('line-type')).toHaveTextContent('Mobile');
  });

  it('labels every line type in words', async () => {
    const types: [ContactPhone['lineType'], string][] = [
      ['fixed_line_or_mobile', 'Mobile or landline'],
      ['voip', 'VoIP'],
      ['unknown', 'Unknown'],
    ];
    const { rows } = await renderPhones(
      types.map(([lineType], i) =>
        makePhone({ id: `00000000-0000-4000-8000-0000000000a${i}`, lineType, isPrimary: i === 0 }),
      ),
    );
    types.forEach(([, label], i) => expect(within(rows[i]!).getByTestId('line-type')).toHaveTextContent(label));
  });

  it('shows the server’s refusal when SMS may not be switched on', async () => {
    const unknown = makePhone({ lineType: 'unknown', smsAllowed: false, smsBlockedReason: 'no_permission' });
    const { rows, requests } = await renderPhones([unknown], {
      [`PATCH /api/v1/contacts/${CONTACT_ID}/phones/${unknown.id}`]: () =>
        problem(409, 'sms_not_allowed', 'Landline number, SMS not allowed', { reason: 'landline' }),
    });
    await userEvent.setup().click(within(rows[0]!).getByRole('switch', { name: 'OK to SMS' }));
    expect(await within(rows[0]!).findByRole('alert')).toHaveTextContent('Landline number, SMS not allowed');
    const patch = requests.find((r) => r.method === 'PATCH')!;
    expect(patch.body).toEqual({ smsAllowed: true });
    expect(patch.headers.get('if-match')).toBe('"7"');
  });

  it('re-checks the line type on request and shows the new answer', async () => {
    const phone = makePhone({ lineType: 'unknown', smsAllowed: false });
    const { rows } = await renderPhones([phone], {
      [`POST /api/v1/contacts/${CONTACT_ID}/phones/${phone.id}/check-line-type`]: () =>
        json(200, makeProfile({ version: 8, phones: [{ ...phone, lineType: 'mobile', smsAllowed: true }] })),
    });
    await userEvent
      .setup()
      .click(within(rows[0]!).getByRole('button', { name: 'Check the line type of +49 1512 3456789 again' }));
    const [row] = await screen.findAllByTestId('phone-row');
    await within(row!).findByText('Mobile', { selector: '[data-testid="line-type"] *' });
    expect(within(row!).getByRole('switch', { name: 'OK to SMS' })).toBeChecked();
  });
});
