// The pages of an OpenID Connect login that did not work: the provider cannot be reached, or the
// login failed or was refused. Plain Dutch (B1), with a way to try again.
import type { FastifyReply } from 'fastify';
import { defineMessages } from '../../../platform/i18n/index.ts';

export const oidcMessages = defineMessages({
  nl: {
    failedTitle: 'Inloggen niet gelukt',
    unavailableTitle: 'Inloggen is tijdelijk niet mogelijk',
    unavailableDigid: 'Door een storing kunt u nu niet inloggen met DigiD. Probeer het over een paar minuten opnieuw.',
    unavailableEherkenning: 'Door een storing kunt u nu niet inloggen met eHerkenning. Probeer het over een paar minuten opnieuw.',
    retry: 'Opnieuw inloggen',
    backToLogin: 'Terug naar inloggen',
    noFlow:
      'Wij konden uw inlogpoging niet terugvinden. Misschien duurde het inloggen te lang, of hebt u in een ander venster opnieuw ingelogd. Probeer het opnieuw.',
    flowExpired: 'Het inloggen duurde te lang. Om veiligheidsredenen moet u opnieuw beginnen.',
    stateMismatch:
      'Het antwoord van de inlogdienst hoort niet bij uw inlogpoging. Om veiligheidsredenen stoppen wij hier. Probeer opnieuw in te loggen.',
    cancelled: 'U hebt het inloggen afgebroken. U bent niet ingelogd.',
    providerError: 'De inlogdienst meldde een fout. U bent niet ingelogd. Probeer het opnieuw.',
    codeInvalid: 'Deze inlogpoging is al gebruikt of verlopen. U bent niet ingelogd. Probeer opnieuw in te loggen.',
    responseInvalid: 'Het antwoord van de inlogdienst klopt niet. Om veiligheidsredenen bent u niet ingelogd. Probeer het opnieuw.',
    unreachable: 'De inlogdienst is op dit moment niet bereikbaar. U bent niet ingelogd. Probeer het over een paar minuten opnieuw.',
  },
  en: {
    failedTitle: 'Login failed',
    unavailableTitle: 'Login is temporarily unavailable',
    unavailableDigid: 'Because of a disruption, you cannot log in with DigiD right now. Please try again in a few minutes.',
    unavailableEherkenning: 'Because of a disruption, you cannot log in with eHerkenning right now. Please try again in a few minutes.',
    retry: 'Log in again',
    backToLogin: 'Back to login',
    noFlow:
      'We could not find your login attempt. Perhaps logging in took too long, or you logged in again in another window. Please try again.',
    flowExpired: 'Logging in took too long. For your safety, you have to start again.',
    stateMismatch:
      'The answer of the login service does not belong to your login attempt. For your safety, we stop here. Please log in again.',
    cancelled: 'You cancelled the login. You are not logged in.',
    providerError: 'The login service reported an error. You are not logged in. Please try again.',
    codeInvalid: 'This login attempt has already been used or has expired. You are not logged in. Please log in again.',
    responseInvalid: 'The answer of the login service is not correct. For your safety, you are not logged in. Please try again.',
    unreachable: 'The login service cannot be reached right now. You are not logged in. Please try again in a few minutes.',
  },
});

export interface LoginProblem {
  status: number;
  /** A stable code (`auth.oidc_state_mismatch`), for the logs and the tests. */
  code: string;
  title: string;
  detail: string;
  /** Where "try again" leads; the label says whether that is a new login or the login page. */
  retry: { href: string; label: string };
}

/** A login that did not work: what happened, in plain words, and a link to try again. */
export function showLoginProblem(reply: FastifyReply, problem: LoginProblem): Promise<FastifyReply> {
  void reply.header('cache-control', 'no-store');
  return reply.page({
    title: problem.title,
    status: problem.status,
    body: (
      <>
        <h1 class="utrecht-heading-1" safe>
          {problem.title}
        </h1>
        <div class="utrecht-alert utrecht-alert--error" role="alert" data-code={problem.code}>
          <p class="utrecht-paragraph" safe>
            {problem.detail}
          </p>
        </div>
        <p class="utrecht-paragraph">
          <a class="utrecht-link" href={problem.retry.href} safe>
            {problem.retry.label}
          </a>
        </p>
      </>
    ),
  });
}
