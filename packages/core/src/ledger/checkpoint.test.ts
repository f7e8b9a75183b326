import { createPublicKey, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CheckpointError, formatCheckpoint, parseCheckpoint } from './checkpoint.ts';
import { cosign, verifyCosignature } from './cosignature.ts';
import { leafHash, rootHash } from './merkle.ts';
import {
  cosignerFromPrivateKey,
  generateCosigner,
  generateEd25519Signer,
  generateSm2Signer,
  NoteKeyError,
  signerFromPrivateKey,
  verifierFromVkey,
} from './note-keys.ts';
import { addSignatures, openNote, parseSignatureLine, signNote } from './signed-note.ts';

const specBody = 'example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n';

describe('tlog-checkpoint bodies', () => {
  it('parses the spec example and formats it back byte for byte', () => {
    const checkpoint = parseCheckpoint(specBody);
    expect(checkpoint).toMatchObject({ origin: 'example.com/behind-the-sofa', size: 20852163, extensions: [] });
    expect(Buffer.from(checkpoint.rootHash).toString('base64')).toBe('CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=');
    expect(formatCheckpoint(checkpoint)).toBe(specBody);
  });

  it('carries extension lines and the empty tree', () => {
    const body = formatCheckpoint({ origin: 'log.shuyun.example', size: 0, rootHash: rootHash([]), extensions: ['— note', 'x'] });
    expect(body).toBe('log.shuyun.example\n0\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n— note\nx\n');
    expect(parseCheckpoint(body).extensions).toEqual(['— note', 'x']);
  });

  it.each([
    ['no final newline', specBody.slice(0, -1)],
    ['two lines', 'example.com/log\n1\n'],
    ['an empty origin', `\n1\n${specBody.split('\n')[2]}\n`],
    ['an empty extension line', `${specBody}\n`],
    ['a leading zero', specBody.replace('20852163', '020852163')],
    ['a sign', specBody.replace('20852163', '+20852163')],
    ['a size beyond 2^53', specBody.replace('20852163', '9007199254740993')],
    ['a short root', specBody.replace('CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=', 'CsUYapGG')],
    ['non-canonical base64', specBody.replace('jxq2I=', 'jxq2J=')],
    ['a control character', specBody.replace('sofa', 'so\tfa')],
  ])('refuses %s', (_name, body) => {
    expect(() => parseCheckpoint(body)).toThrow(CheckpointError);
  });

  it('refuses to format what it could not parse back', () => {
    const rootHashOk = rootHash([leafHash(new Uint8Array())]);
    expect(() => formatCheckpoint({ origin: 'a\nb', size: 1, rootHash: rootHashOk })).toThrow(CheckpointError);
    expect(() => formatCheckpoint({ origin: 'a', size: 1, rootHash: rootHashOk, extensions: [''] })).toThrow(CheckpointError);
    expect(() => formatCheckpoint({ origin: 'a', size: -1, rootHash: rootHashOk })).toThrow(CheckpointError);
    expect(() => formatCheckpoint({ origin: 'a', size: 1, rootHash: new Uint8Array(31) })).toThrow(CheckpointError);
  });
});

describe('tlog-cosignature/v1', () => {
  it('reads the timestamp of the spec example cosignature', () => {
    const line = parseSignatureLine(
      '— witness.example.com/w1 jWbPPwAAAABkGFDLEZMHwSRaJNiIDoe9DYn/zXcrtPHeolMI5OWXEhZCB9dlrDJsX3b2oyin1nPZqhf5nNo0xUe+mbIUBkBIfZ+qnA==',
    );
    expect(line.keyId).toBe(0x8d66cf3f);
    expect(line.signature).toHaveLength(72);
    expect(Number(Buffer.from(line.signature.subarray(0, 8)).readBigUInt64BE())).toBe(1679315147);
  });

  it('signs "cosignature/v1\\ntime <t>\\n" ‖ body, prefixed by the big-endian time', () => {
    const { signer: witness } = generateCosigner('witness.regulator.example');
    const body = formatCheckpoint({ origin: 'log.shuyun.example', size: 1, rootHash: rootHash([leafHash(new Uint8Array([1]))]) });
    const signature = parseSignatureLine(cosign(body, witness, 1679315147)).signature;
    expect(Buffer.from(signature.subarray(0, 8)).toString('hex')).toBe('000000006418' + '50cb');
    const publicKey = Buffer.from(witness.vkey.slice(witness.vkey.indexOf('+', witness.vkey.indexOf('+') + 1) + 1), 'base64');
    expect(publicKey[0]).toBe(0x04);
    const key = createPublicKey({ key: Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), publicKey.subarray(1)]), format: 'der', type: 'spki' });
    expect(verify(null, Buffer.from(`cosignature/v1\ntime 1679315147\n${body}`), key, signature.subarray(8))).toBe(true);
  });

  it('the log signs with SM2 and Ed25519, a regulator witnesses, a client checks all three', () => {
    const sm2Log = generateSm2Signer('log.shuyun.example');
    const edLog = generateEd25519Signer('log.shuyun.example');
    const regulator = generateCosigner('witness.regulator.example');
    const leaves = ['a', 'b', 'c'].map((s) => leafHash(new TextEncoder().encode(s)));
    const body = formatCheckpoint({ origin: 'log.shuyun.example', size: 3, rootHash: rootHash(leaves) });

    const logNote = signNote(body, [sm2Log.signer, edLog.signer]);
    const cosignature = cosign(body, regulator.signer, 1_760_000_000);
    const note = addSignatures(logNote, [cosignature]);

    const verifiers = [sm2Log.signer.vkey, edLog.signer.vkey, regulator.signer.vkey].map(verifierFromVkey);
    const opened = openNote(note, verifiers);
    expect(opened.verified.map((s) => [s.type, s.timestamp])).toEqual([
      ['sm2-sm3', undefined],
      ['ed25519', undefined],
      ['cosignature-v1', 1_760_000_000],
    ]);
    expect(parseCheckpoint(opened.text).size).toBe(3);
    expect(verifyCosignature(body, cosignature, verifiers[2]!)).toBe(1_760_000_000);
  });

  it('a cosignature does not carry over to another checkpoint, time, or key', () => {
    const { signer: witness } = generateCosigner('witness.regulator.example');
    const verifier = verifierFromVkey(witness.vkey);
    const line = cosign(specBody, witness, 100);
    expect(verifyCosignature(specBody, line, verifier)).toBe(100);
    expect(verifyCosignature(specBody.replace('20852163', '20852164'), line, verifier)).toBeUndefined();
    const [name, b64] = line.slice(2, -1).split(' ') as [string, string];
    const bytes = Buffer.from(b64, 'base64');
    bytes[11]! ^= 1; // time 100 → 101
    expect(verifyCosignature(specBody, `— ${name} ${bytes.toString('base64')}\n`, verifier)).toBeUndefined();
    expect(verifyCosignature(specBody, line, verifierFromVkey(generateCosigner('witness.regulator.example').signer.vkey))).toBeUndefined();
    expect(verifyCosignature(specBody, 'not a line', verifier)).toBeUndefined();
    expect(() => cosign('not a checkpoint\n', witness, 100)).toThrow(CheckpointError);
    expect(() => cosign(specBody, witness, -1)).toThrow(RangeError);
  });

  it('loads a witness from a Go Ed25519 skey, under the 0x04 key ID of the same key', () => {
    const skey = 'PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz';
    const witness = cosignerFromPrivateKey(skey);
    expect(witness.vkey).toBe('PeterNeumann+' + witness.keyId.toString(16).padStart(8, '0') + '+BBpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW');
    expect(witness.keyId).not.toBe(0xc74f20a3);
    expect(verifyCosignature(specBody, cosign(specBody, witness, 1), verifierFromVkey(witness.vkey))).toBe(1);
    const own = generateCosigner('w.example');
    expect(cosignerFromPrivateKey(own.skey).vkey).toBe(own.signer.vkey);
    expect(() => signerFromPrivateKey(own.skey)).toThrow(NoteKeyError);
    expect(() => cosignerFromPrivateKey(generateSm2Signer('s.example').skey)).toThrow(NoteKeyError);
  });
});
