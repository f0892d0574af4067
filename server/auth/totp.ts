import crypto from 'node:crypto';
import { generateSecret, generateURI, verify, generate } from 'otplib';
import QRCode from 'qrcode';

export const TOTP_ISSUER = 'iren';

export function newTotpSecret(): string {
  return generateSecret();
}

export async function totpEnrolment(secret: string, username: string) {
  const otpauthUrl = generateURI({ secret, label: username, issuer: TOTP_ISSUER });
  const qrSvg = await QRCode.toString(otpauthUrl, { type: 'svg', margin: 1 });
  return { secret, otpauthUrl, qrSvg };
}

/**
 * Checks a 6-digit code with ±30 s tolerance. Returns the accepted time step, or null.
 * A step at or before `lastStep` is refused, so a code cannot be replayed.
 */
export async function checkTotp(secret: string, code: string, lastStep: number | null): Promise<number | null> {
  if (!/^\d{6}$/.test(code)) return null;
  try {
    const result = await verify({
      secret,
      token: code,
      epochTolerance: 30,
      ...(lastStep !== null ? { afterTimeStep: lastStep } : {}),
    });
    return result.valid && 'timeStep' in result ? result.timeStep : null;
  } catch {
    return null;
  }
}

/** The code for now (or `offsetSeconds` from now — tests use the next step to log in twice within 30 s). */
export function currentTotp(secret: string, offsetSeconds = 0): Promise<string> {
  return generate({ secret, epoch: Math.floor(Date.now() / 1000) + offsetSeconds });
}

/** Ten one-time recovery codes like `k3m9-x2q7-p8w4`. */
export function newRecoveryCodes(count = 10): string[] {
  const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
  return Array.from({ length: count }, () => {
    const bytes = crypto.randomBytes(12);
    let s = '';
    for (let i = 0; i < 12; i++) {
      s += alphabet[bytes[i]! % alphabet.length];
      if (i === 3 || i === 7) s += '-';
    }
    return s;
  });
}

export function normaliseRecoveryCode(code: string): string {
  return code.trim().toLowerCase().replace(/[^a-z0-9]/g, '');
}
