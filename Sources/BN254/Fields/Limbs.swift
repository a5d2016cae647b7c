import CBN254Kernel

/// Four 64-bit limbs of a 256-bit integer, least significant first (the kernel's representation).
public typealias Limbs = bn254_limbs

extension Limbs {
    /// All four limbs zero.
    public static let zeroLimbs = Limbs(l0: 0, l1: 0, l2: 0, l3: 0)

    /// Whether `self < other` as unsigned 256-bit integers.
    @inlinable
    public func isLess(than other: Limbs) -> Bool {
        if l3 != other.l3 { return l3 < other.l3 }
        if l2 != other.l2 { return l2 < other.l2 }
        if l1 != other.l1 { return l1 < other.l1 }
        return l0 < other.l0
    }

    /// Whether the limbs are equal.
    @inlinable
    public func isEqual(to other: Limbs) -> Bool {
        ((l0 ^ other.l0) | (l1 ^ other.l1) | (l2 ^ other.l2) | (l3 ^ other.l3)) == 0
    }

    /// Whether all limbs are zero.
    @inlinable
    public var isZero: Bool { (l0 | l1 | l2 | l3) == 0 }

    /// Bit `index` (0 = least significant) of the 256-bit integer.
    @inlinable
    public func bit(_ index: Int) -> Bool {
        let limb: UInt64
        switch index >> 6 {
        case 0: limb = l0
        case 1: limb = l1
        case 2: limb = l2
        default: limb = l3
        }
        return (limb >> UInt64(index & 63)) & 1 == 1
    }

    /// The limb at `index` (0...3).
    @inlinable
    public subscript(index: Int) -> UInt64 {
        switch index {
        case 0: return l0
        case 1: return l1
        case 2: return l2
        default: return l3
        }
    }

    /// Builds limbs from a little-endian array of exactly four words.
    @inlinable
    public init(littleEndian words: [UInt64]) {
        precondition(words.count == 4, "Limbs needs exactly 4 words")
        self.init(l0: words[0], l1: words[1], l2: words[2], l3: words[3])
    }

    /// The limbs as a little-endian array.
    public var words: [UInt64] { [l0, l1, l2, l3] }
}
