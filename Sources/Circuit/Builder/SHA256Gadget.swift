import BN254
import Digest

/// A 32-bit word of the SHA-256 gadget as its bits, `bits[i]` being the coefficient of 2^i; each
/// bit is a linear combination that is 0 or 1 for every satisfying witness (a constant when the
/// word is known when the circuit is built).
struct SHA256Word {
    var bits: [LinearCombination]

    /// The word known when the circuit is built.
    init(constant value: UInt32) {
        bits = (0..<32).map { LinearCombination(constant: (value >> UInt32($0)) & 1 == 1 ? Fr.one : Fr.zero) }
    }

    init(bits: [LinearCombination]) { self.bits = bits }

    /// Σ 2^i·bit_i.
    var packed: LinearCombination {
        var sum = LinearCombination()
        var power = Fr.one
        for bit in bits {
            sum += power * bit
            power = power.doubled()
        }
        return sum
    }

    /// ROTR^n (FIPS 180-4 §3.2): bit i of the result is bit (i + n) mod 32.
    func rotatedRight(_ n: Int) -> SHA256Word { SHA256Word(bits: (0..<32).map { bits[($0 + n) % 32] }) }

    /// SHR^n (FIPS 180-4 §3.2): bit i of the result is bit i + n, 0 past the top.
    func shiftedRight(_ n: Int) -> SHA256Word { SHA256Word(bits: (0..<32).map { $0 + n < 32 ? bits[$0 + n] : 0 }) }
}

extension LinearCombination {
    /// The value when every term is a multiple of the constant wire, nil when it depends on a wire.
    var constantValue: Fr? {
        var sum = Fr.zero
        for term in terms {
            guard term.variable == .one else { return nil }
            sum += term.coefficient
        }
        return sum
    }
}

extension ConstraintSystem {
    /// The SHA-256 digest (FIPS 180-4 §6.2) of a byte-aligned message of fixed length, given as
    /// its bit string (FIPS 180-4 order: the most significant bit of each byte first), as 256
    /// boolean linear combinations in the same order. The message bits must already be
    /// constrained boolean (e.g. outputs of `toBits`). Padding (§5.1.1) and H(0) are constants,
    /// so operations on known values cost nothing; every wire it creates is a product or a
    /// constrained bit of a sum mod 2^32. 26,232 constraints per 512-bit block (circomlib: ~29,000).
    public mutating func sha256<Bit: LinearCombinationConvertible>(_ message: [Bit]) -> [LinearCombination] {
        precondition(message.count % 8 == 0, "the SHA-256 gadget takes whole bytes, got \(message.count) bits")
        let padding = SHA256.padding(byteCount: message.count / 8).flatMap { byte -> [LinearCombination] in
            (0..<8).map { LinearCombination(constant: (byte >> UInt8(7 - $0)) & 1 == 1 ? Fr.one : Fr.zero) }
        }
        let bits: [LinearCombination] = message.map { $0.linearCombination } + padding
        return withNamespace("sha256") { cs in
            var state = SHA256.initialState.map { SHA256Word(constant: $0) }
            for start in stride(from: 0, to: bits.count, by: 512) {
                let block = (0..<16).map { t in SHA256Word(bits: (0..<32).map { bits[start + 32 * t + 31 - $0] }) }
                state = cs.withNamespace("block[\(start / 512)]") { $0.sha256Compress(state, block) }
            }
            return state.flatMap { $0.bits.reversed() }
        }
    }

    /// The SHA-256 compression function (FIPS 180-4 §6.2.2): message schedule, 64 rounds, and the
    /// sum with the chaining value.
    mutating func sha256Compress(_ chaining: [SHA256Word], _ block: [SHA256Word]) -> [SHA256Word] {
        var schedule = block
        for t in 16..<64 {
            let w15 = schedule[t - 15], w2 = schedule[t - 2]
            let s0 = xor3(w15.rotatedRight(7), w15.rotatedRight(18), w15.shiftedRight(3))
            let s1 = xor3(w2.rotatedRight(17), w2.rotatedRight(19), w2.shiftedRight(10))
            schedule.append(sum([schedule[t - 16], s0, schedule[t - 7], s1], plus: 0))
        }
        var v = chaining
        for t in 0..<64 {
            let (a, b, c, d, e, f, g, h) = (v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7])
            let sum1 = xor3(e.rotatedRight(6), e.rotatedRight(11), e.rotatedRight(25))
            let choice = SHA256Word(bits: (0..<32).map { bitProduct(e.bits[$0], f.bits[$0] - g.bits[$0]) + g.bits[$0] })
            let sum0 = xor3(a.rotatedRight(2), a.rotatedRight(13), a.rotatedRight(22))
            let majority = SHA256Word(bits: (0..<32).map { i in
                let bc = bitProduct(b.bits[i], c.bits[i])
                return bitProduct(a.bits[i], b.bits[i] + c.bits[i] - Fr(2) * bc) + bc
            })
            let k = SHA256.roundConstants[t]
            // T1 = h + Σ1(e) + Ch(e, f, g) + K_t + W_t; e ← d + T1, a ← T1 + Σ0(a) + Maj(a, b, c).
            let newE = sum([d, h, sum1, choice, schedule[t]], plus: k)
            let newA = sum([h, sum1, choice, schedule[t], sum0, majority], plus: k)
            v = [newA, a, b, c, newE, e, f, g]
        }
        return (0..<8).map { sum([chaining[$0], v[$0]], plus: 0) }
    }

    /// x·y for bits x, y: a linear combination when either is a constant, else one product wire.
    mutating func bitProduct(_ x: LinearCombination, _ y: LinearCombination) -> LinearCombination {
        if let k = x.constantValue { return k * y }
        if let k = y.constantValue { return k * x }
        return multiply(x, y).linearCombination
    }

    /// x ⊕ y ⊕ z bitwise, each XOR as x + y − 2·x·y (at most 2 constraints per bit).
    mutating func xor3(_ x: SHA256Word, _ y: SHA256Word, _ z: SHA256Word) -> SHA256Word {
        func xor(_ p: LinearCombination, _ q: LinearCombination, _ cs: inout ConstraintSystem) -> LinearCombination {
            p + q - Fr(2) * cs.bitProduct(p, q)
        }
        return SHA256Word(bits: (0..<32).map { i in
            let xy = xor(x.bits[i], y.bits[i], &self)
            return xor(xy, z.bits[i], &self)
        })
    }

    /// (Σ words + constant) mod 2^32 (FIPS 180-4 §3.2 addition): the sum's 32 low bits and its
    /// carry bits are new wires, each constrained boolean, and their weighted sum equals the
    /// integer sum (well below r). The top carry bit is the linear combination the equation
    /// leaves, constrained boolean, so no separate equality row is needed.
    mutating func sum(_ words: [SHA256Word], plus constant: UInt32) -> SHA256Word {
        var total = LinearCombination(constant: Fr(UInt64(constant)))
        var bound = UInt64(constant)
        for word in words {
            total += word.packed
            bound += UInt64(UInt32.max)
        }
        if let value = total.constantValue {
            return SHA256Word(constant: UInt32(truncatingIfNeeded: value.canonicalLimbs.l0))
        }
        let width = 64 - bound.leadingZeroBitCount
        let value = total
        return withNamespace("sum") { cs in
            let low = cs.witnesses(count: width - 1) { context in
                let sum = context.evaluate(value).canonicalLimbs.l0
                return (0..<width - 1).map { (sum >> UInt64($0)) & 1 == 1 ? Fr.one : Fr.zero }
            }
            var rest = value
            var power = Fr.one
            for bit in low {
                cs.enforce(bit, bit - 1, 0)
                rest -= power * bit.linearCombination
                power = power.doubled()
            }
            guard let scale = power.inverse() else { preconditionFailure("2^\(width - 1) is invertible mod r") }
            let top = scale * rest
            cs.enforce(top, top - 1, 0)
            return SHA256Word(bits: (low.map(\.linearCombination) + [top]).prefix(32).map { $0 })
        }
    }

    /// The digest bits (as `sha256` returns them) read as a big-endian integer with the top 3
    /// bits cleared, so below 2^253 < r: the same element as `Fr(sha256Digest:)`, no constraint.
    public static func sha256FieldElement(_ digest: [LinearCombination]) -> LinearCombination {
        precondition(digest.count == 256, "a SHA-256 digest has 256 bits, got \(digest.count)")
        return SHA256Word(bits: digest[3...].reversed()).packed
    }
}

extension Fr {
    /// A SHA-256 digest reduced into Fr as zkSync Lite and Hermez do for their one public input:
    /// the 32 bytes read big-endian with the top 3 bits cleared (value mod 2^253, below r).
    public init(sha256Digest digest: [UInt8]) {
        precondition(digest.count == 32, "a SHA-256 digest has 32 bytes, got \(digest.count)")
        func limb(_ index: Int) -> UInt64 {
            digest[(24 - 8 * index)..<(32 - 8 * index)].reduce(0) { $0 << 8 | UInt64($1) }
        }
        self.init(canonicalLimbs: Limbs(l0: limb(0), l1: limb(1), l2: limb(2), l3: limb(3) & (UInt64.max >> 3)))
    }
}
