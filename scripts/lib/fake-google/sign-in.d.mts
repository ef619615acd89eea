/** An answer of the fake, as the HTTP server sends it. */
export interface FakeSignInAnswer {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

/** Google's sign-in endpoints, faked: approve at once as one account, exchange the code, publish the key set. */
export declare class FakeGoogleSignIn {
  constructor(account?: { email?: string; name?: string });
  readonly email: string;
  readonly name: string;
  readonly sub: string;
  authorize(url: URL): FakeSignInAnswer;
  exchange(form: URLSearchParams): Promise<FakeSignInAnswer>;
  certs(): Promise<FakeSignInAnswer>;
}
