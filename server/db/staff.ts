// Staff accounts and portal sessions (server/admin/auth.ts holds the rules).
import type { Sql } from './sql';

export interface StaffRow {
  id: number;
  email: string;
  locale: string | null;
  passwordHash: string;
  createdAt: string;
}

export interface SessionRow {
  user: { id: number; email: string; locale: string | null };
  csrfToken: string;
  expiresAt: number;
}

export class Staff {
  constructor(private readonly sql: Sql) {}

  async byEmail(email: string): Promise<StaffRow | null> {
    const r = await this.sql.get('SELECT * FROM staff_users WHERE email = ?', [email]);
    return r ? { id: Number(r.id), email: String(r.email), locale: r.locale == null ? null : String(r.locale), passwordHash: String(r.password_hash), createdAt: String(r.created_at) } : null;
  }

  async list(): Promise<{ email: string; createdAt: string }[]> {
    return (await this.sql.all('SELECT email, created_at FROM staff_users ORDER BY email')).map((r) => ({ email: String(r.email), createdAt: String(r.created_at) }));
  }

  async count(): Promise<number> {
    return Number((await this.sql.get('SELECT COUNT(*) AS n FROM staff_users'))?.n ?? 0);
  }

  async insert(email: string, passwordHash: string, locale: string | null): Promise<void> {
    await this.sql.run('INSERT INTO staff_users (email, password_hash, locale, created_at) VALUES (?, ?, ?, ?)', [email, passwordHash, locale, new Date().toISOString()]);
  }

  /** A new password ends every session of the account. */
  async setPassword(id: number, passwordHash: string): Promise<void> {
    await this.sql.transaction(async (tx) => {
      await tx.run('UPDATE staff_users SET password_hash = ? WHERE id = ?', [passwordHash, id]);
      await tx.run('DELETE FROM staff_sessions WHERE user_id = ?', [id]);
    });
  }

  async createSession(tokenHash: string, userId: number, csrfToken: string, expiresAt: number): Promise<void> {
    await this.sql.run('DELETE FROM staff_sessions WHERE expires_at < ?', [Date.now()]);
    await this.sql.run('INSERT INTO staff_sessions (token_hash, user_id, csrf_token, created_at, expires_at) VALUES (?, ?, ?, ?, ?)',
      [tokenHash, userId, csrfToken, new Date().toISOString(), expiresAt]);
  }

  async session(tokenHash: string): Promise<SessionRow | null> {
    const r = await this.sql.get(`SELECT u.id, u.email, u.locale, s.csrf_token, s.expires_at FROM staff_sessions s JOIN staff_users u ON u.id = s.user_id
                                  WHERE s.token_hash = ?`, [tokenHash]);
    if (!r) return null;
    return { user: { id: Number(r.id), email: String(r.email), locale: r.locale == null ? null : String(r.locale) }, csrfToken: String(r.csrf_token), expiresAt: Number(r.expires_at) };
  }

  async endSession(tokenHash: string): Promise<void> {
    await this.sql.run('DELETE FROM staff_sessions WHERE token_hash = ?', [tokenHash]);
  }
}
