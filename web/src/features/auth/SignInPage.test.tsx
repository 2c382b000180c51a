import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { fakeFetch, json, makeSession, problem, renderWithApp } from '../../test/render.tsx';
import { SignInPage } from './SignInPage.tsx';

async function fillAndSubmit(email: string, password: string) {
  const user = userEvent.setup();
  await user.type(screen.getByLabelText('Email'), email);
  await user.type(screen.getByLabelText('Password'), password);
  await user.click(screen.getByRole('button', { name: 'Sign in' }));
}

describe('SignInPage', () => {
  it('shows the server’s field error under the field it concerns', async () => {
    fakeFetch({
      'GET /api/v1/auth/config': () => json(200, { signupAllowed: true }),
      'POST /api/v1/auth/login': () =>
        problem(400, 'validation_failed', 'body.email: Not a valid email address', {
          errors: [{ path: 'body.email', message: 'Not a valid email address' }],
        }),
    });
    await renderWithApp(<SignInPage />, { session: null });
    await fillAndSubmit('not-an-email', 'whatever-password');

    expect(await screen.findByText('Not a valid email address')).toBeInTheDocument();
    expect(screen.getByLabelText('Email')).toHaveAttribute('aria-invalid', 'true');
    // The message sits under the field, so there is no separate alert repeating it.
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('shows a refusal in place and stays on the page', async () => {
    fakeFetch({
      'GET /api/v1/auth/config': () => json(200, { signupAllowed: true }),
      'POST /api/v1/auth/login': () => problem(401, 'invalid_credentials', 'The email or password is not correct'),
    });
    const { router } = await renderWithApp(<SignInPage />, { session: null });
    await fillAndSubmit('ada@example.test', 'wrong-password');

    expect(await screen.findByRole('alert')).toHaveTextContent('The email or password is not correct');
    expect(router.state.location.pathname).toBe('/');
  });

  it('asks for what is missing without calling the server', async () => {
    const requests = fakeFetch({ 'GET /api/v1/auth/config': () => json(200, { signupAllowed: true }) });
    await renderWithApp(<SignInPage />, { session: null });
    await userEvent.setup().click(screen.getByRole('button', { name: 'Sign in' }));

    expect(screen.getByText('Enter your email address')).toBeInTheDocument();
    expect(screen.getByText('Enter your password')).toBeInTheDocument();
    expect(requests.filter((r) => r.method === 'POST')).toHaveLength(0);
  });

  it('signs in, stores the session and goes where the user was headed', async () => {
    const session = makeSession();
    const requests = fakeFetch({
      'GET /api/v1/auth/config': () => json(200, { signupAllowed: true }),
      'POST /api/v1/auth/login': () => json(200, session),
    });
    const { router, queryClient } = await renderWithApp(<SignInPage redirect="/settings/teams" />, { session: null });
    await fillAndSubmit('ada@example.test', 'right-password');

    await waitFor(() => expect(router.state.location.pathname).toBe('/settings/teams'));
    expect(queryClient.getQueryData(['session'])).toEqual(session);
    expect(requests.find((r) => r.method === 'POST')!.body).toEqual({
      email: 'ada@example.test',
      password: 'right-password',
    });
  });

  it('offers sign-up only when the server allows it', async () => {
    fakeFetch({ 'GET /api/v1/auth/config': () => json(200, { signupAllowed: false }) });
    await renderWithApp(<SignInPage />, { session: null });
    await screen.findByRole('button', { name: 'Sign in' });
    await waitFor(() => expect(screen.queryByRole('link', { name: 'Create a workspace' })).not.toBeInTheDocument());
  });
});
