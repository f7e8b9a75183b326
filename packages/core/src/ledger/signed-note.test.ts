import { createHash } from 'node:crypto';
import { sm2 } from 'sm-crypto-v2';
import { describe, expect, it } from 'vitest';
import {
  generateEd25519Signer,
  generateSm2Signer,
  NoteKeyError,
  signerFromPrivateKey,
  verifierFromVkey,
  type NoteVerifier,
} from './note-keys.ts';
import { addSignatures, formatSignatureLine, NoteError, openNote, parseNote, signNote } from './signed-note.ts';

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
const sha256 = (...parts: (string | Uint8Array)[]) => {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return hash.digest();
};

/** name, key ID, base64 key — the base64 may itself contain "+". */
function splitVkey(vkey: string): [string, string, string] {
  const [name, id, ...key] = vkey.split('+');
  return [name!, id!, key.join('+')];
}

function noteErrorCode(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    if (error instanceof NoteError) return error.code;
    throw error;
  }
  return undefined;
}

// golang.org/x/mod/sumdb/note, package documentation and note_test.go.
const go = {
  text: "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n",
  peterSkey: 'PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz',
  peterVkey: 'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW',
  peterLine: '— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n',
  // GenerateKey with an all-zero random source: the Ed25519 seed is 32 zero bytes.
  enochSkey: `PRIVATE+KEY+EnochRoot+af0cfe78+${Buffer.concat([Buffer.of(1), Buffer.alloc(32)]).toString('base64')}`,
  enochVkey: 'EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop',
  enochLine: '— EnochRoot rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ=\n',
};

describe('signed notes against the Go sumdb/note example', () => {
  it('loads the example signer and derives its verifier key', () => {
    const signer = signerFromPrivateKey(go.peterSkey);
    expect(signer).toMatchObject({ name: 'PeterNeumann', keyId: 0xc74f20a3, type: 'ed25519', vkey: go.peterVkey });
  });

  it('signs the example text to the byte-identical note (Ed25519 is deterministic)', () => {
    const note = signNote(go.text, [signerFromPrivateKey(go.peterSkey)]);
    expect(note).toBe(`${go.text}\n${go.peterLine}`);
    expect(signNote(go.text, [signerFromPrivateKey(go.peterSkey), signerFromPrivateKey(go.enochSkey)])).toBe(
      `${go.text}\n${go.peterLine}${go.enochLine}`,
    );
  });

  it('opens the doubly-signed example with both verifier keys', () => {
    const opened = openNote(`${go.text}\n${go.peterLine}${go.enochLine}`, [go.peterVkey, go.enochVkey].map(verifierFromVkey));
    expect(opened.text).toBe(go.text);
    expect(opened.verified.map((s) => [s.name, s.keyId, s.type])).toEqual([
      ['PeterNeumann', 0xc74f20a3, 'ed25519'],
      ['EnochRoot', 0xaf0cfe78, 'ed25519'],
    ]);
    expect(opened.unverified).toEqual([]);
  });

  it('accepts the verifier keys of other implementations, including base64 with a "+" and a 0x04 cosigner key', () => {
    // signed-note's own example key; transparency-dev/formats test keys of types 0x01 and 0x04.
    expect(verifierFromVkey('example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k').keyId).toBe(0x530d903a);
    expect(verifierFromVkey('TEST+7997405c+AQcC+FTVKf0jlTdHDY3rbevmnKxxPjigCXlVtGe6RIr6').type).toBe('ed25519');
    expect(verifierFromVkey('remora.n621.de+da77ade7+BOvN63jn/bLvkieywe8R6UYAtVtNbZpXh34x7onlmtw2')).toMatchObject({
      type: 'cosignature-v1',
      keyId: 0xda77ade7,
    });
  });

  it('parses the spec example: the text keeps its inner blank line, the last blank line splits', () => {
    const note =
      'Ognuno sta solo sul cuor della terra\ntrafitto da un raggio di sole:\n\ned è subito sera.\n\n' +
      '— quasimodo.example/salvatore NnugSzTjtVAewIS+Z/iJhUPeFDkO/5QQ2i5ddnGITLlC+EhfLW9oJKONrMouFSQU0xMcXxj99ihAQwaqP3ZekRwNtIc=\n';
    const parsed = parseNote(note);
    expect(parsed.text).toBe('Ognuno sta solo sul cuor della terra\ntrafitto da un raggio di sole:\n\ned è subito sera.\n');
    expect(parsed.signatures.map((s) => [s.name, s.signature.length])).toEqual([['quasimodo.example/salvatore', 64]]);
    expect(noteErrorCode(() => openNote(note, [verifierFromVkey(go.peterVkey)]))).toBe('UNVERIFIED_NOTE');
  });
});

describe('opening notes', () => {
  const log = generateEd25519Signer('log.shuyun.example');
  const other = generateEd25519Signer('other.example');
  const logVerifier = verifierFromVkey(log.signer.vkey);
  const body = 'log.shuyun.example\n3\nZ3Vlc3Mgd2hhdCwgdGhpcyBpcyBub3QgYSByb290ISE=\n';
  const note = signNote(body, [log.signer]);

  it('round-trips a generated key through its skey and vkey', () => {
    const reloaded = signerFromPrivateKey(log.skey);
    expect(reloaded.vkey).toBe(log.signer.vkey);
    expect(openNote(signNote(body, [reloaded]), [logVerifier]).verified).toHaveLength(1);
  });

  it('rejects a tampered body: a known key whose signature fails is an error, not a shrug', () => {
    expect(noteErrorCode(() => openNote(note.replace('\n3\n', '\n4\n'), [logVerifier]))).toBe('INVALID_SIGNATURE');
    const bytes = Buffer.from(note);
    bytes[bytes.length - 10]! ^= 1; // inside the signature's base64 (still valid base64)
    expect(['INVALID_SIGNATURE', 'MALFORMED_NOTE']).toContain(noteErrorCode(() => openNote(bytes, [logVerifier])));
  });

  it('ignores signatures of unknown keys, and rejects a note only unknown keys signed', () => {
    const both = signNote(body, [log.signer, other.signer]);
    const opened = openNote(both, [logVerifier]);
    expect(opened.verified.map((s) => s.name)).toEqual(['log.shuyun.example']);
    expect(opened.unverified.map((s) => s.name)).toEqual(['other.example']);
    expect(noteErrorCode(() => openNote(note, [verifierFromVkey(other.signer.vkey)]))).toBe('UNVERIFIED_NOTE');
  });

  it('ignores a key that shares the name but not the key ID (a rotated key)', () => {
    const rotated = generateEd25519Signer('log.shuyun.example');
    expect(noteErrorCode(() => openNote(note, [verifierFromVkey(rotated.signer.vkey)]))).toBe('UNVERIFIED_NOTE');
  });

  it('treats a verifier claiming the name and key ID but holding another key as a forgery', () => {
    const impostor: NoteVerifier = { ...verifierFromVkey(other.signer.vkey), name: log.signer.name, keyId: log.signer.keyId };
    expect(noteErrorCode(() => openNote(note, [impostor]))).toBe('INVALID_SIGNATURE');
    expect(noteErrorCode(() => openNote(note, [logVerifier, impostor]))).toBe('AMBIGUOUS_VERIFIER');
  });

  it('refuses malformed notes', () => {
    const line = note.slice(body.length + 1);
    for (const bad of [
      body + line, // no blank line
      `${body}\n`, // no signature
      `${body}\n${line.slice(0, -1)}`, // no final newline
      `${body}\n${line.replace('— ', '-- ')}`,
      `${body}\n${line.replace('log.shuyun.example', 'log shuyun')}`,
      `${body}\n${line.replace(/ \S+\n$/, ' AAAAAA==\n')}`, // key ID only
      `${body}\n${line.replace(/=?\n$/, '!\n')}`,
      `${body.replace('3', '3\t')}\n${line}`, // control character
      `${body}\n${line.repeat(101)}`,
    ]) {
      expect(noteErrorCode(() => parseNote(bad)), JSON.stringify(bad)).toBe('MALFORMED_NOTE');
    }
    expect(noteErrorCode(() => parseNote(new Uint8Array([0xff, 0x0a, 0x0a])))).toBe('MALFORMED_NOTE');
    expect(noteErrorCode(() => signNote('no final newline', [log.signer]))).toBe('MALFORMED_NOTE');
    expect(noteErrorCode(() => signNote(body, []))).toBe('MALFORMED_NOTE');
  });

  it('adds signature lines, replacing an older line of the same key', () => {
    const line = formatSignatureLine(other.signer.name, other.signer.keyId, other.signer.sign(new TextEncoder().encode(body)));
    const twice = addSignatures(addSignatures(note, [line]), [line]);
    expect(twice).toBe(signNote(body, [log.signer, other.signer]).replace(/— other.*\n/, line));
    expect(parseNote(twice).signatures).toHaveLength(2);
  });
});

describe('verifier and private key strings', () => {
  const { signer, skey } = generateEd25519Signer('keys.example');

  it('refuses a key ID that does not match the key, and unknown signature types', () => {
    const [name, id, key] = splitVkey(signer.vkey);
    const wrongId = (parseInt(id, 16) ^ 1).toString(16).padStart(8, '0');
    expect(() => verifierFromVkey(`${name}+${wrongId}+${key}`)).toThrow(NoteKeyError);
    expect(() => signerFromPrivateKey(skey.replace(id, wrongId))).toThrow(NoteKeyError);
    const typed = (type: number) => {
      const typeAndKey = Buffer.concat([Buffer.of(type), Buffer.from(key, 'base64').subarray(1)]);
      const keyId = sha256(`${name}\n`, typeAndKey).subarray(0, 4).toString('hex');
      return `${name}+${keyId}+${typeAndKey.toString('base64')}`;
    };
    expect(verifierFromVkey(typed(0x01)).vkey).toBe(signer.vkey);
    expect(() => verifierFromVkey(typed(0x02))).toThrow(/unsupported signature type/);
    expect(() => verifierFromVkey(typed(0xff))).toThrow(/unsupported signature type/);
    expect(() => verifierFromVkey('keys.example+0000000')).toThrow(NoteKeyError);
    expect(() => signerFromPrivateKey(signer.vkey)).toThrow(NoteKeyError);
    expect(() => generateEd25519Signer('has space')).toThrow(NoteKeyError);
    expect(() => generateEd25519Signer('has+plus')).toThrow(NoteKeyError);
    expect(() => generateEd25519Signer('')).toThrow(NoteKeyError);
  });
});

describe('SM2 (GB/T 32918) note signatures', () => {
  const name = 'log.shuyun.example/sm2';
  const { signer, skey } = generateSm2Signer(name);
  const verifier = verifierFromVkey(signer.vkey);
  const text = 'log.shuyun.example\n42\nZ3Vlc3Mgd2hhdCwgdGhpcyBpcyBub3QgYSByb290ISE=\n';
  const message = new TextEncoder().encode(text);
  const note = signNote(text, [signer]);
  const signature = parseNote(note).signatures[0]!.signature;
  const typeAndKey = Buffer.from(splitVkey(signer.vkey)[2], 'base64');
  const publicKeyHex = typeAndKey.subarray(9).toString('hex');

  it('uses type 0xFF, the length-prefixed identifier "sm2-sm3", and the uncompressed point', () => {
    expect(typeAndKey.subarray(0, 9)).toEqual(Buffer.concat([Buffer.of(0xff, 7), Buffer.from('sm2-sm3')]));
    expect(typeAndKey.length).toBe(9 + 65);
    expect(typeAndKey[9]).toBe(0x04);
    const expectedId = sha256(name, '\n', typeAndKey).readUInt32BE(0);
    expect(signer.keyId).toBe(expectedId);
    expect(signer.vkey).toBe(`${name}+${expectedId.toString(16).padStart(8, '0')}+${typeAndKey.toString('base64')}`);
  });

  it('signs raw r‖s that sm-crypto-v2 verifies with SM3 and the default user ID', () => {
    expect(signature).toHaveLength(64);
    expect(sm2.doVerifySignature(message, hex(signature), publicKeyHex, { hash: true })).toBe(true);
    expect(sm2.doVerifySignature(message, hex(signature), publicKeyHex, { hash: true, userId: 'another id' })).toBe(false);
  });

  it('signs e = SM3(Z_A ‖ M), with Z_A computed here from the GB/T 32918.5 curve parameters', () => {
    const curve =
      'FFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00000000FFFFFFFFFFFFFFFC' + // a
      '28E9FA9E9D9F5E344D5A9E4BCF6509A7F39789F515AB8F92DDBCBD414D940E93' + // b
      '32C4AE2C1F1981195F9904466A39C9948FE30BBFF2660BE1715A4589334C74C7' + // x_G
      'BC3736A2F4F6779C59BDCEE36B692153D0A9877CC62A474002DF32E52139F0A0'; // y_G
    const userId = Buffer.from('1234567812345678');
    const za = createHash('sm3')
      .update(Buffer.concat([Buffer.of(0x00, 0x80), userId, Buffer.from(curve + publicKeyHex.slice(2), 'hex')]))
      .digest();
    const e = createHash('sm3').update(za).update(message).digest();
    // With hash: false the library takes the message bytes as e itself: this checks the bare SM2 equation.
    expect(sm2.doVerifySignature(e, hex(signature), publicKeyHex, { hash: false })).toBe(true);
  });

  it('opens the note, and fails when one byte of the signature or the text changes', () => {
    expect(openNote(note, [verifier]).verified.map((s) => s.type)).toEqual(['sm2-sm3']);
    for (let i = 0; i < signature.length; i += 9) {
      const bad = Uint8Array.from(signature);
      bad[i]! ^= 0x01;
      expect(verifier.verify(message, bad)).toBe(false);
    }
    expect(noteErrorCode(() => openNote(note.replace('\n42\n', '\n43\n'), [verifier]))).toBe('INVALID_SIGNATURE');
  });

  it('refuses out-of-range r or s, and points off the curve', () => {
    const n = Buffer.from('FFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFF7203DF6B21C6052B53BBF40939D54123', 'hex');
    expect(verifier.verify(message, new Uint8Array(64))).toBe(false);
    expect(verifier.verify(message, Buffer.concat([n, Buffer.from(signature.subarray(32))]))).toBe(false);
    expect(verifier.verify(message, signature.subarray(0, 63))).toBe(false);
    const offCurve = Buffer.from(typeAndKey);
    offCurve[offCurve.length - 1]! ^= 1;
    const keyId = sha256(name, '\n', offCurve).subarray(0, 4).toString('hex');
    expect(() => verifierFromVkey(`${name}+${keyId}+${offCurve.toString('base64')}`)).toThrow(/not an SM2 public key/);
  });

  it('round-trips through its skey and co-signs a note with Ed25519', () => {
    const reloaded = signerFromPrivateKey(skey);
    expect(reloaded.vkey).toBe(signer.vkey);
    const ed = generateEd25519Signer('log.shuyun.example');
    const both = signNote(text, [reloaded, ed.signer]);
    expect(openNote(both, [verifier, verifierFromVkey(ed.signer.vkey)]).verified.map((s) => s.type)).toEqual(['sm2-sm3', 'ed25519']);
  });
});
