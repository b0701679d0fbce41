// The 80 COCO object categories with the synonyms of CHAIR's synonym list (Rohrbach et al. 2018,
// LisaAnne/Hallucination data/synonyms.txt, its typos left out), and a finder for their mentions in
// free text: whole words only, the longest phrase first, plural forms included.
import { tokenize } from './tokens';

/** Each category's name first, then the words that name it. */
export const COCO_SYNONYMS: Readonly<Record<string, readonly string[]>> = {
  person: [
    'person',
    'girl',
    'boy',
    'man',
    'woman',
    'kid',
    'child',
    'chef',
    'baker',
    'people',
    'adult',
    'rider',
    'baby',
    'worker',
    'passenger',
    'sister',
    'biker',
    'policeman',
    'cop',
    'officer',
    'lady',
    'cowboy',
    'bride',
    'groom',
    'male',
    'female',
    'guy',
    'traveler',
    'mother',
    'father',
    'gentleman',
    'pitcher',
    'player',
    'skier',
    'snowboarder',
    'skater',
    'skateboarder',
    'foreigner',
    'caller',
    'offender',
    'coworker',
    'trespasser',
    'patient',
    'politician',
    'soldier',
    'grandchild',
    'serviceman',
    'walker',
    'drinker',
    'doctor',
    'bicyclist',
    'thief',
    'buyer',
    'teenager',
    'student',
    'camper',
    'driver',
    'hunter',
    'shopper',
    'villager',
  ],
  bicycle: ['bicycle', 'bike', 'unicycle', 'minibike', 'trike'],
  car: [
    'car',
    'automobile',
    'van',
    'minivan',
    'sedan',
    'suv',
    'hatchback',
    'cab',
    'jeep',
    'coupe',
    'taxicab',
    'limo',
    'taxi',
  ],
  motorcycle: ['motorcycle', 'scooter', 'motor bike', 'motor cycle', 'motorbike', 'moped'],
  airplane: [
    'airplane',
    'jetliner',
    'plane',
    'air plane',
    'monoplane',
    'aircraft',
    'jet',
    'airbus',
    'biplane',
    'seaplane',
  ],
  bus: ['bus', 'minibus', 'trolley'],
  train: ['train', 'locomotive', 'tramway', 'caboose'],
  truck: ['truck', 'pickup', 'lorry', 'hauler', 'firetruck'],
  boat: [
    'boat',
    'ship',
    'liner',
    'sailboat',
    'motorboat',
    'dinghy',
    'powerboat',
    'speedboat',
    'canoe',
    'skiff',
    'yacht',
    'kayak',
    'catamaran',
    'pontoon',
    'houseboat',
    'vessel',
    'rowboat',
    'trawler',
    'ferryboat',
    'watercraft',
    'tugboat',
    'schooner',
    'barge',
    'ferry',
    'sailboard',
    'paddleboat',
    'lifeboat',
    'freighter',
    'steamboat',
    'riverboat',
    'battleship',
    'steamship',
  ],
  'traffic light': ['traffic light', 'street light', 'traffic signal', 'stop light', 'streetlight', 'stoplight'],
  'fire hydrant': ['fire hydrant', 'hydrant'],
  'stop sign': ['stop sign'],
  'parking meter': ['parking meter'],
  bench: ['bench', 'pew'],
  bird: [
    'bird',
    'ostrich',
    'owl',
    'seagull',
    'goose',
    'duck',
    'parakeet',
    'falcon',
    'robin',
    'pelican',
    'waterfowl',
    'heron',
    'hummingbird',
    'mallard',
    'finch',
    'pigeon',
    'sparrow',
    'seabird',
    'osprey',
    'blackbird',
    'fowl',
    'shorebird',
    'woodpecker',
    'egret',
    'chickadee',
    'quail',
    'bluebird',
    'kingfisher',
    'buzzard',
    'willet',
    'gull',
    'swan',
    'bluejay',
    'flamingo',
    'cormorant',
    'parrot',
    'loon',
    'gosling',
    'waterbird',
    'pheasant',
    'rooster',
    'sandpiper',
    'crow',
    'raven',
    'turkey',
    'oriole',
    'cowbird',
    'warbler',
    'magpie',
    'peacock',
    'cockatiel',
    'lorikeet',
    'puffin',
    'vulture',
    'condor',
    'macaw',
    'peafowl',
    'cockatoo',
    'songbird',
  ],
  cat: ['cat', 'kitten', 'feline', 'tabby'],
  dog: [
    'dog',
    'puppy',
    'beagle',
    'pup',
    'chihuahua',
    'schnauzer',
    'dachshund',
    'rottweiler',
    'canine',
    'pitbull',
    'collie',
    'pug',
    'terrier',
    'poodle',
    'labrador',
    'doggie',
    'doberman',
    'mutt',
    'doggy',
    'spaniel',
    'bulldog',
    'sheepdog',
    'weimaraner',
    'corgi',
    'cocker',
    'greyhound',
    'retriever',
    'brindle',
    'hound',
    'whippet',
    'husky',
  ],
  horse: [
    'horse',
    'colt',
    'pony',
    'racehorse',
    'stallion',
    'equine',
    'mare',
    'foal',
    'palomino',
    'mustang',
    'clydesdale',
    'bronc',
    'bronco',
  ],
  sheep: ['sheep', 'lamb', 'ram', 'goat', 'ewe'],
  cow: ['cow', 'cattle', 'oxen', 'ox', 'calf', 'holstein', 'heifer', 'buffalo', 'bull', 'zebu', 'bison'],
  elephant: ['elephant'],
  bear: ['bear', 'panda'],
  zebra: ['zebra'],
  giraffe: ['giraffe'],
  backpack: ['backpack', 'knapsack'],
  umbrella: ['umbrella'],
  handbag: ['handbag', 'wallet', 'purse', 'briefcase'],
  tie: ['tie', 'bow', 'bow tie'],
  suitcase: ['suitcase', 'suit case', 'luggage'],
  frisbee: ['frisbee'],
  skis: ['skis', 'ski'],
  snowboard: ['snowboard'],
  'sports ball': ['sports ball', 'ball'],
  kite: ['kite'],
  'baseball bat': ['baseball bat'],
  'baseball glove': ['baseball glove'],
  skateboard: ['skateboard'],
  surfboard: ['surfboard', 'longboard', 'skimboard', 'shortboard', 'wakeboard'],
  'tennis racket': ['tennis racket', 'racket'],
  bottle: ['bottle'],
  'wine glass': ['wine glass'],
  cup: ['cup'],
  fork: ['fork'],
  knife: ['knife', 'pocketknife'],
  spoon: ['spoon'],
  bowl: ['bowl', 'container'],
  banana: ['banana'],
  apple: ['apple'],
  sandwich: ['sandwich', 'burger', 'sub', 'cheeseburger', 'hamburger'],
  orange: ['orange'],
  broccoli: ['broccoli'],
  carrot: ['carrot'],
  'hot dog': ['hot dog'],
  pizza: ['pizza'],
  donut: ['donut', 'doughnut', 'bagel'],
  cake: ['cake', 'cheesecake', 'cupcake', 'shortcake', 'coffeecake', 'pancake'],
  chair: ['chair', 'seat', 'stool'],
  couch: ['couch', 'sofa', 'recliner', 'futon', 'loveseat', 'settee', 'chesterfield'],
  'potted plant': ['potted plant', 'houseplant'],
  bed: ['bed'],
  'dining table': ['dining table', 'table', 'desk'],
  toilet: ['toilet', 'urinal', 'commode', 'lavatory', 'potty'],
  tv: ['tv', 'monitor', 'television'],
  laptop: ['laptop', 'computer', 'notebook', 'netbook', 'lenovo', 'macbook', 'laptop computer'],
  mouse: ['mouse'],
  remote: ['remote'],
  keyboard: ['keyboard'],
  'cell phone': ['cell phone', 'mobile phone', 'phone', 'cellphone', 'telephone', 'smartphone', 'iphone'],
  microwave: ['microwave'],
  oven: ['oven', 'stovetop', 'stove', 'stove top oven'],
  toaster: ['toaster'],
  sink: ['sink'],
  refrigerator: ['refrigerator', 'fridge', 'freezer'],
  book: ['book'],
  clock: ['clock'],
  vase: ['vase'],
  scissors: ['scissors'],
  'teddy bear': ['teddy bear', 'teddybear'],
  'hair drier': ['hair drier', 'hairdryer'],
  toothbrush: ['toothbrush'],
};

export const COCO_CATEGORIES: readonly string[] = Object.keys(COCO_SYNONYMS);

const IRREGULAR_PLURALS: Readonly<Record<string, string>> = {
  person: 'persons',
  child: 'children',
  grandchild: 'grandchildren',
  goose: 'geese',
  mouse: 'mice',
  knife: 'knives',
  pocketknife: 'pocketknives',
  calf: 'calves',
  ox: 'oxen',
  sheep: 'sheep',
  bison: 'bison',
  buffalo: 'buffaloes',
  people: 'people',
  cattle: 'cattle',
  oxen: 'oxen',
  skis: 'skis',
  scissors: 'scissors',
  broccoli: 'broccoli',
  luggage: 'luggage',
  fowl: 'fowl',
  waterfowl: 'waterfowl',
  quail: 'quail',
  bus: 'buses',
  minibus: 'minibuses',
  tv: 'tvs',
};

/** The plural of a word or of a phrase's last word: "hot dog" → "hot dogs", "policeman" → "policemen". */
export function pluralOf(phrase: string): string {
  const words = phrase.split(' ');
  const last = words.pop()!;
  const plural =
    IRREGULAR_PLURALS[last] ??
    (/man$/.test(last)
      ? last.replace(/man$/, 'men')
      : /(s|x|z|ch|sh)$/.test(last)
        ? `${last}es`
        : /[^aeiou]y$/.test(last)
          ? `${last.slice(0, -1)}ies`
          : `${last}s`);
  return [...words, plural].join(' ');
}

/**
 * CHAIR's rules for word pairs: "baby bird" and "adult dog" are animals, not people; "passenger jet"
 * is a plane; "toilet seat" is a toilet; "home plate" and "train track" name no object.
 */
const ANIMAL_WORDS = [
  'bird',
  'cat',
  'dog',
  'horse',
  'sheep',
  'cow',
  'elephant',
  'bear',
  'zebra',
  'giraffe',
  'animal',
  'cub',
];
const QUALIFIED_PHRASES: ReadonlyMap<string, string | null> = new Map<string, string | null>([
  ...ANIMAL_WORDS.flatMap((animal) =>
    [`baby ${animal}`, `adult ${animal}`].map((p) => [p, animal] as [string, string]),
  ),
  ['passenger jet', 'jet'],
  ['passenger train', 'train'],
  ['toilet seat', 'toilet'],
  ['home plate', null],
  ['train track', null],
]);

/** Every phrase the finder knows (singular and plural) → its category, or null for phrases that name none. */
const PHRASE_CATEGORY: ReadonlyMap<string, string | null> = (() => {
  const map = new Map<string, string | null>();
  for (const [category, words] of Object.entries(COCO_SYNONYMS)) {
    for (const word of words) {
      map.set(word, category);
      map.set(pluralOf(word), category);
    }
  }
  for (const [phrase, word] of QUALIFIED_PHRASES) {
    const category = word === null ? null : (map.get(word) ?? null);
    map.set(phrase, category);
    map.set(pluralOf(phrase), category);
  }
  return map;
})();

const LONGEST_PHRASE = Math.max(...[...PHRASE_CATEGORY.keys()].map((phrase) => phrase.split(' ').length));

export interface CocoMention {
  category: string;
  /** The words as written, and their character span in the text. */
  text: string;
  start: number;
  end: number;
}

/**
 * The COCO objects a text names, in order. "seat" is not a chair when a toilet is mentioned, and
 * "orange" right before another object is a colour ("an orange cat"), as in CHAIR's use.
 */
export function findCocoMentions(text: string): CocoMention[] {
  // A possessive names the object without its "'s": "the dog's bowl".
  const words = tokenize(text).map((token) =>
    token.word.endsWith("'s") ? { ...token, word: token.word.slice(0, -2), end: token.end - 2 } : token,
  );
  const mentions: (CocoMention & { firstWord: number; lastWord: number })[] = [];
  for (let i = 0; i < words.length;) {
    let matched = 0;
    for (let n = Math.min(LONGEST_PHRASE, words.length - i); n >= 1 && matched === 0; n--) {
      const run = words.slice(i, i + n);
      // The words of a phrase stand apart only by spaces or hyphens: "hot dog", "hot-dog", not "hot. Dog".
      if (run.some((w, k) => k > 0 && !/^[\s-]+$/.test(text.slice(run[k - 1]!.end, w.start)))) continue;
      const phrase = run.map((w) => w.word).join(' ');
      if (!PHRASE_CATEGORY.has(phrase)) continue;
      matched = n;
      const category = PHRASE_CATEGORY.get(phrase);
      if (category)
        mentions.push({
          category,
          text: text.slice(run[0]!.start, run.at(-1)!.end),
          start: run[0]!.start,
          end: run.at(-1)!.end,
          firstWord: i,
          lastWord: i + n - 1,
        });
    }
    i += Math.max(matched, 1);
  }
  const hasToilet = mentions.some((m) => m.category === 'toilet');
  return mentions
    .filter((m, k) => {
      if (hasToilet && m.category === 'chair' && /^seats?$/.test(words[m.firstWord]!.word)) return false;
      return !(m.category === 'orange' && mentions[k + 1]?.firstWord === m.lastWord + 1);
    })
    .map(({ category, text: written, start, end }) => ({ category, text: written, start, end }));
}
