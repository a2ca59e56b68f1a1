/**
 * The verified identity a transport hands to request handlers (`authInfo`), as far as
 * `protect` reads it. Both SDK lines' `AuthInfo` types fit it, so the shared modules need
 * neither SDK installed.
 */
export interface AuthInfo {
	readonly token?: string;
	readonly clientId?: string;
	readonly scopes?: readonly string[];
	readonly expiresAt?: number;
	readonly extra?: Record<string, unknown>;
}
