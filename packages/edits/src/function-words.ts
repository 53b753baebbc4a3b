/**
 * Closed-class English words: a change among these is a grammar fix (article, preposition,
 * auxiliary, pronoun, determiner, conjunction, contraction) rather than a spelling or style fix.
 */
export const FUNCTION_WORDS: ReadonlySet<string> = new Set(
  [
    // articles & determiners
    'a an the this that these those some any no every each either neither much many more most few fewer less least all both half several enough such what which whose',
    // prepositions
    'about above across after against along amid among around as at before behind below beneath beside besides between beyond by despite down during except for from in inside into like near of off on onto out outside over past per since than through throughout till to toward towards under underneath unlike until up upon via with within without',
    // conjunctions
    'and but or nor so yet because although though while whereas if unless whether',
    // auxiliaries & modals
    'be am is are was were been being have has had having do does did done doing will would shall should can could may might must ought',
    // pronouns & possessives
    'i me my mine myself you your yours yourself yourselves he him his himself she her hers herself it its itself we us our ours ourselves they them their theirs themselves who whom there here',
    // contractions
    "it's they're there's we're you're i'm he's she's that's what's who's let's isn't aren't wasn't weren't don't doesn't didn't haven't hasn't hadn't won't wouldn't can't couldn't shouldn't mustn't mightn't i've you've we've they've i'd you'd he'd she'd we'd they'd i'll you'll he'll she'll we'll they'll it'll",
    // negation & particles
    'not to then where',
  ]
    .join(' ')
    .split(' '),
);

/** Irregular verb/adjective forms grouped by lemma, so "go" → "went" reads as grammar. */
const IRREGULAR_GROUPS: readonly string[] = [
  'be am is are was were been being',
  'have has had having',
  'do does did done doing',
  'go goes went gone going',
  'say says said',
  'make makes made',
  'take takes took taken',
  'come comes came',
  'see sees saw seen',
  'know knows knew known',
  'get gets got gotten',
  'give gives gave given',
  'find finds found',
  'think thinks thought',
  'tell tells told',
  'become becomes became',
  'leave leaves left',
  'feel feels felt',
  'bring brings brought',
  'begin begins began begun',
  'keep keeps kept',
  'hold holds held',
  'write writes wrote written',
  'stand stands stood',
  'hear hears heard',
  'run runs ran',
  'meet meets met',
  'pay pays paid',
  'sit sits sat',
  'speak speaks spoke spoken',
  'lie lies lay lain',
  'lead leads led',
  'grow grows grew grown',
  'lose loses lost',
  'fall falls fell fallen',
  'send sends sent',
  'build builds built',
  'understand understands understood',
  'draw draws drew drawn',
  'break breaks broke broken',
  'spend spends spent',
  'rise rises rose risen',
  'drive drives drove driven',
  'buy buys bought',
  'wear wears wore worn',
  'choose chooses chose chosen',
  'eat eats ate eaten',
  'teach teaches taught',
  'catch catches caught',
  'fight fights fought',
  'throw throws threw thrown',
  'sing sings sang sung',
  'swim swims swam swum',
  'drink drinks drank drunk',
  'fly flies flew flown',
  'forget forgets forgot forgotten',
  'sleep sleeps slept',
  'win wins won',
  'good better best',
  'bad worse worst',
  'far farther further farthest furthest',
  'child children',
  'man men',
  'woman women',
  'person people',
  'foot feet',
  'tooth teeth',
  'mouse mice',
];

const LEMMA = new Map<string, string>();
for (const group of IRREGULAR_GROUPS) {
  const forms = group.split(' ');
  for (const form of forms) if (!LEMMA.has(form)) LEMMA.set(form, forms[0] as string);
}

export function irregularLemma(word: string): string | undefined {
  return LEMMA.get(word);
}
