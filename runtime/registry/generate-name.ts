// generateName: the name is the prefix plus five random characters from kube's alphabet
// (consonants and digits only, so no words and no look-alike characters).

export const NAME_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';
export const RANDOM_NAME_LENGTH = 5;
/** Tries before a generateName create gives up with AlreadyExists (kube's limit). */
export const GENERATE_NAME_ATTEMPTS = 8;
/** kube keeps a generated name within the 253-character limit by trimming the prefix. */
const MAX_PREFIX_LENGTH = 63 - RANDOM_NAME_LENGTH;

export type RandomSuffix = (length: number) => string;

export const randomSuffix: RandomSuffix = (length) => {
  let s = '';
  for (let i = 0; i < length; i++) s += NAME_ALPHABET[Math.floor(Math.random() * NAME_ALPHABET.length)];
  return s;
};

export function generateName(prefix: string, suffix: RandomSuffix = randomSuffix): string {
  const base = prefix.length > MAX_PREFIX_LENGTH ? prefix.slice(0, MAX_PREFIX_LENGTH) : prefix;
  return base + suffix(RANDOM_NAME_LENGTH);
}
