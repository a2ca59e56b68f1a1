/**
 * Bearer tokens for the HTTP example: HS256 JWTs signed and verified locally with `jose`
 * (a real deployment verifies its authorization server's tokens, e.g. with a JWKS).
 * Roles and groups travel as claims; `scope` as the usual space-separated string.
 */
import { InvalidTokenError } from "@modelcontextprotocol/sdk/server/auth/errors.js";
import type { OAuthTokenVerifier } from "@modelcontextprotocol/sdk/server/auth/provider.js";
import type { AuthInfo } from "@modelcontextprotocol/sdk/server/auth/types.js";
import { errors, jwtVerify, SignJWT } from "jose";

export const ISSUER = "https://auth.example.test";
export const AUDIENCE = "mcpolicy-example";

export interface TokenClaims {
	readonly sub: string;
	readonly roles?: readonly string[];
	readonly groups?: readonly string[];
	readonly scope?: string;
	/** Lifetime, e.g. "1h"; or an absolute expiry in seconds since the epoch. */
	readonly expiresIn?: string | number;
}

export function secretKey(secret: string): Uint8Array {
	return new TextEncoder().encode(secret);
}

export async function signToken(
	secret: string,
	claims: TokenClaims,
): Promise<string> {
	return new SignJWT({
		roles: claims.roles ?? [],
		groups: claims.groups ?? [],
		scope: claims.scope ?? "",
		client_id: "example-client",
	})
		.setProtectedHeader({ alg: "HS256", typ: "JWT" })
		.setSubject(claims.sub)
		.setIssuer(ISSUER)
		.setAudience(AUDIENCE)
		.setIssuedAt()
		.setExpirationTime(claims.expiresIn ?? "1h")
		.sign(secretKey(secret));
}

/**
 * The verifier the SDK's `requireBearerAuth` calls. Any failure is `InvalidTokenError`,
 * which the middleware answers with 401 and a `WWW-Authenticate` challenge.
 */
export function jwtVerifier(secret: string): OAuthTokenVerifier {
	const key = secretKey(secret);
	return {
		async verifyAccessToken(token: string): Promise<AuthInfo> {
			let payload: Awaited<ReturnType<typeof jwtVerify>>["payload"];
			try {
				({ payload } = await jwtVerify(token, key, {
					algorithms: ["HS256"],
					issuer: ISSUER,
					audience: AUDIENCE,
				}));
			} catch (error) {
				throw new InvalidTokenError(
					error instanceof errors.JWTExpired
						? "Token has expired"
						: "Invalid token",
				);
			}
			if (typeof payload.sub !== "string" || typeof payload.exp !== "number")
				throw new InvalidTokenError("Invalid token");
			const scope = typeof payload.scope === "string" ? payload.scope : "";
			return {
				token,
				clientId:
					typeof payload.client_id === "string"
						? payload.client_id
						: payload.sub,
				scopes: scope.split(" ").filter((s) => s !== ""),
				expiresAt: payload.exp,
				extra: {
					sub: payload.sub,
					roles: payload.roles,
					groups: payload.groups,
				},
			};
		},
	};
}
