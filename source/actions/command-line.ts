import {shellQuote} from '../parse/run-spec.js';

/**
 * A docker command line as a user would type it: `docker` and the words given, quoted where a
 * shell needs it; false and undefined words (an option not chosen) are left out.
 */
export function dockerLine(...words: ReadonlyArray<string | false | undefined>): string {
	return shellQuote(['docker', ...words.filter((word): word is string => typeof word === 'string' && word !== '')]);
}
