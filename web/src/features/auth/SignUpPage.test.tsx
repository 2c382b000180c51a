import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { fakeFetch, json, problem, renderWithApp } from '../../test/render.tsx';
import { SignUpPage } from './SignUpPage.tsx';

describe('SignUpPage', () => {
  it('explains that sign-up is off instead of showing a form that would fail', async () => {
    fakeFetch({ 'GET /api/v1/auth/config': () => json(200, { signupAllowed: false }) });
    await renderWithApp(<SignUpPage />, { session: null });

    expect(await screen.findByText('Sign-up is turned off')).toBeInTheDocument();
    expect(screen.getByText(/Ask an admin of your workspace/)).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Create workspace' })).not.toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Go to sign in' })).toHaveAttribute('href', '/sign-in');
  });

  it('shows a refusal that names no reason, with the way to sign in', async () => {
    const detail = 'Could not create an account with these details. If you already have an account, sign in.';
    fakeFetch({
      'GET /api/v1/auth/config': () => json(200, { signupAllowed: true }),
      'POST /api/v1/auth/signup': () => problem(409, 'signup_refused', detail),
    });
    await renderWithApp(<SignUpPage />, { session: null });
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText('Workspace name'), 'Northwind');
    await user.type(screen.getByLabelText('Your name'), 'Nora North');
    await user.type(screen.getByLabelText('Work email'), 'nora@example.test');
    await user.type(screen.getByLabelText('Password'), 'a-long-password');
    await user.click(screen.getByRole('button', { name: 'Create workspace' }));

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent(detail);
    expect(within(alert).getByRole('link', { name: 'Go to sign in' })).toHaveAttribute('href', '/sign-in');
    expect(screen.getByLabelText('Work email')).not.toHaveAttribute('aria-invalid', 'true');
  });

  it('gives the new user the language picked on the page, else the browser’s', async () => {
    const requests = fakeFetch({
      'GET /api/v1/auth/config': () => json(200, { signupAllowed: true }),
      'POST /api/v1/auth/signup': () => problem(409, 'email_taken', 'Taken'),
    });
    const fill = async () => {
      const user = userEvent.setup();
      await user.type(await screen.findByLabelText('Workspace name'), 'Northwind');
      await user.type(screen.getByLabelText('Your name'), 'Nora North');
      await user.type(screen.getByLabelText('Work email'), 'nora@example.test');
      await user.type(screen.getByLabelText('Password'), 'a-long-password');
      await user.click(screen.getByRole('button', { name: 'Create workspace' }));
      await screen.findByText('Taken');
    };
    const view = await renderWithApp(<SignUpPage />, { session: null });
    await fill();
    expect(requests.find((r) => r.method === 'POST')!.body).toMatchObject({ locale: 'en' });

    view.unmount();
    localStorage.setItem('dossier.language', 'de');
    try {
      await renderWithApp(<SignUpPage />, { session: null });
      await fill();
      expect(requests.filter((r) => r.method === 'POST')[1]!.body).toMatchObject({ locale: 'de' });
    } finally {
      localStorage.removeItem('dossier.language');
    }
  });
});
