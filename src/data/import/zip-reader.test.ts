// Zips from users: files back by normalised path; escaping names, zip bombs (honest or lying
// headers, shared data), too many entries and damage refused in one sentence, before inflating
// wherever the headers allow.
import { inflateSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { fakePng, rawZip, zerosDeflate } from './import-fixtures.testing';
import { readZip } from './zip-reader';

const text = (s: string) => new TextEncoder().encode(s);

describe('readZip', () => {
  it('gives the files by normalised path, leaving out folders and macOS metadata', () => {
    const zip = zipSync({
      'data/': new Uint8Array(0),
      'data/llava.json': [text('[]'.repeat(1000)), { level: 6 }],
      'data/./images/a.png': [fakePng(1), { level: 0 }],
      '__MACOSX/data/._a.png': text('resource fork'),
      'data/.DS_Store': text('finder'),
    });
    const files = readZip(zip);
    expect([...files.keys()]).toEqual(['data/llava.json', 'data/images/a.png']);
    expect(files.get('data/llava.json')).toEqual(text('[]'.repeat(1000)));
    expect(files.get('data/images/a.png')).toEqual(fakePng(1));
  });

  it('reads Zip64 entries, whose sizes and offset are in the extra field', () => {
    const data = new TextEncoder().encode('{"a":1}');
    const zip = rawZip([
      { name: 'a.png', data: fakePng(1) },
      { name: 'b.json', data, zip64: true },
    ]);
    expect(readZip(zip).get('b.json')).toEqual(data);
  });

  it.each([
    ['../x.png', 'climbs out of its folder with ".."'],
    ['/etc/x.png', 'is an absolute path'],
    ['a\\..\\..\\x.png', 'uses backslashes'],
    ['C:/Windows/x.png', 'starts with a drive letter'],
    ['images/../../x.png', 'climbs out of its folder with ".."'],
  ])('refuses the whole zip when an entry like %s could escape its root', (name, why) => {
    const zip = rawZip([
      { name: 'images/ok.png', data: fakePng(1) },
      { name, data: fakePng(2) },
    ]);
    expect(() => readZip(zip, { name: 'images.zip' })).toThrow(
      `The entry ${JSON.stringify(name)} in images.zip ${why}`,
    );
    expect(() => readZip(zip)).toThrow(/so it could point outside the import; nothing was imported\.$/);
  });

  it('refuses an entry that declares 200 MB from 1.3 MB before inflating any of it', () => {
    const bomb = zerosDeflate(800_000); // inflates to 206 MB
    const zip = rawZip([{ name: 'zeros.json', data: bomb.data, method: 8, size: bomb.size, crc: 0 }]);
    expect(() => readZip(zip, { name: 'bomb.zip' })).toThrow(
      /^The entry "zeros.json" in bomb.zip claims to inflate 159× \(1.3 MB to 206 MB\), as only a zip bomb does; nothing was imported\.$/,
    );
  });

  it('stops inflating an entry whose header understates its size (a lying zip bomb), at the declared size', () => {
    const bomb = zerosDeflate(400_000); // really 103 MB, declared as 1 kB
    const sample = inflateSync(zerosDeflate(1000).data); // the stream is what it says
    expect([sample.length, sample.some((b) => b !== 0)]).toEqual([258_001, false]);
    const zip = rawZip([{ name: 'small.json', data: bomb.data, method: 8, size: 1000, crc: 0 }]);
    expect(() => readZip(zip)).toThrow(
      'The zip entry "small.json" inflates to more than the 1 kB its header declares, as a zip bomb does; nothing was imported.',
    );
  });

  it('refuses zips whose entries together are too big, that share data, or that hold too many entries', () => {
    const three = rawZip([0, 1, 2].map((i) => ({ name: `${i}.png`, data: fakePng(i) })));
    expect(() => readZip(three, { name: 'many.zip', limits: { maxEntries: 2 } })).toThrow(
      'many.zip holds 3 entries, more than the 2 one import can hold.',
    );
    expect(() => readZip(three, { name: 'big.zip', limits: { maxTotalBytes: 20 } })).toThrow(
      'big.zip inflates to more than the 20 bytes one import can hold, so it was refused before inflating (it may be a zip bomb).',
    );
    const shared = rawZip([
      { name: 'a.png', data: fakePng(1) },
      { name: 'b.png', data: fakePng(1), sharesDataOf: 0 },
    ]);
    expect(() => readZip(shared, { name: 'shared.zip' })).toThrow(
      'shared.zip has entries that share their data, as zip bombs do; nothing was imported.',
    );
  });

  it('refuses damaged entries, encrypted ones, and files that are no zip', () => {
    expect(() => readZip(rawZip([{ name: 'a.png', data: fakePng(1), crc: 1234 }]))).toThrow(
      'The zip entry "a.png" is damaged (its checksum does not match).',
    );
    const encrypted = rawZip([{ name: 'a.png', data: fakePng(1) }]);
    encrypted[6] = 1;
    encrypted[encrypted.length - 22 - 46 - 5 + 8] = 1; // the central directory's flags
    expect(() => readZip(encrypted)).toThrow(
      'The zip entry "a.png" is encrypted; SelfAlign cannot read password-protected zips.',
    );
    expect(() => readZip(text('{"not":"a zip"}'), { name: 'data.zip' })).toThrow(
      'data.zip is not a zip file (it has no central directory).',
    );
    expect(() =>
      readZip(
        rawZip([
          { name: 'a.png', data: fakePng(1) },
          { name: 'a.png', data: fakePng(2) },
        ]),
      ),
    ).toThrow('The zip holds two entries named "a.png".');
  });
});
