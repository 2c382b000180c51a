import { PasswordInput, type PasswordInputProps } from '@mantine/core';

/** PasswordInput that tells assistive technology when it is invalid (Mantine only sets data-invalid on it). */
export function PasswordField(props: PasswordInputProps) {
  return <PasswordInput aria-invalid={Boolean(props.error) || undefined} {...props} />;
}
