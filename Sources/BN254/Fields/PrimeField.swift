import BigInteger
import CBN254Kernel

/// A prime field of at most 254 bits whose elements are kept in Montgomery form on four 64-bit
/// limbs. Conformers (`Fr`, `Fq`) bind the C kernel's arithmetic; everything else is generic.
///
/// The arithmetic entry points are `@inlinable` so that clients in other modules get them
/// specialized and inlined: no witness-table calls and no allocation in the hot paths.
public protocol PrimeField: Sendable, Hashable, CustomStringConvertible {
    /// The element whose Montgomery representation (x·2^256 mod p) is `montgomeryLimbs`; must be < p.
    init(montgomeryLimbs: Limbs)
    /// The Montgomery representation x·2^256 mod p, in [0, p).
    var montgomeryLimbs: Limbs { get }

    /// The modulus p.
    static var modulusLimbs: Limbs { get }
    /// 2^256 mod p, the Montgomery form of 1.
    static var montgomeryOneLimbs: Limbs { get }
    /// 2^512 mod p, which converts a canonical value into Montgomery form.
    static var montgomeryR2Limbs: Limbs { get }
    /// 2^768 mod p, which turns the integer inverse of a Montgomery form into the Montgomery form of the inverse.
    static var montgomeryR3Limbs: Limbs { get }
    /// A short name for messages ("Fr", "Fq").
    static var fieldName: String { get }
    /// The largest s such that 2^s divides p − 1.
    static var twoAdicity: Int { get }
    /// A generator of the multiplicative subgroup of order 2^twoAdicity.
    static var twoAdicRootOfUnity: Self { get }

    /// Montgomery product a·b·2^-256 mod p.
    static func montgomeryMultiply(_ a: Limbs, _ b: Limbs) -> Limbs
    /// Montgomery square a·a·2^-256 mod p.
    static func montgomerySquare(_ a: Limbs) -> Limbs
    /// (a + b) mod p.
    static func modularAdd(_ a: Limbs, _ b: Limbs) -> Limbs
    /// (a − b) mod p.
    static func modularSubtract(_ a: Limbs, _ b: Limbs) -> Limbs
    /// −a mod p.
    static func modularNegate(_ a: Limbs) -> Limbs
    /// a/2 mod p.
    static func modularHalve(_ a: Limbs) -> Limbs
}

extension PrimeField {
    /// The additive identity.
    @inlinable public static var zero: Self { Self(montgomeryLimbs: .zeroLimbs) }
    /// The multiplicative identity.
    @inlinable public static var one: Self { Self(montgomeryLimbs: montgomeryOneLimbs) }

    /// Whether this is 0.
    @inlinable public var isZero: Bool { montgomeryLimbs.isZero }
    /// Whether this is 1.
    @inlinable public var isOne: Bool { montgomeryLimbs.isEqual(to: Self.montgomeryOneLimbs) }

    @inlinable
    public static func + (a: Self, b: Self) -> Self {
        Self(montgomeryLimbs: modularAdd(a.montgomeryLimbs, b.montgomeryLimbs))
    }

    @inlinable
    public static func - (a: Self, b: Self) -> Self {
        Self(montgomeryLimbs: modularSubtract(a.montgomeryLimbs, b.montgomeryLimbs))
    }

    @inlinable
    public static func * (a: Self, b: Self) -> Self {
        Self(montgomeryLimbs: montgomeryMultiply(a.montgomeryLimbs, b.montgomeryLimbs))
    }

    @inlinable
    public static prefix func - (a: Self) -> Self {
        Self(montgomeryLimbs: modularNegate(a.montgomeryLimbs))
    }

    @inlinable public static func += (a: inout Self, b: Self) { a = a + b }
    @inlinable public static func -= (a: inout Self, b: Self) { a = a - b }
    @inlinable public static func *= (a: inout Self, b: Self) { a = a * b }

    /// self².
    @inlinable
    public func squared() -> Self { Self(montgomeryLimbs: Self.montgomerySquare(montgomeryLimbs)) }

    /// 2·self.
    @inlinable
    public func doubled() -> Self { Self(montgomeryLimbs: Self.modularAdd(montgomeryLimbs, montgomeryLimbs)) }

    /// self/2.
    @inlinable
    public func halved() -> Self { Self(montgomeryLimbs: Self.modularHalve(montgomeryLimbs)) }

    @inlinable
    public static func == (a: Self, b: Self) -> Bool { a.montgomeryLimbs.isEqual(to: b.montgomeryLimbs) }

    @inlinable
    public func hash(into hasher: inout Hasher) {
        let m = montgomeryLimbs
        hasher.combine(m.l0)
        hasher.combine(m.l1)
        hasher.combine(m.l2)
        hasher.combine(m.l3)
    }

    /// The element with canonical value `limbs`, which must be < p (checked by a precondition;
    /// use `init(validatingCanonical:)` for untrusted input).
    @inlinable
    public init(canonicalLimbs limbs: Limbs) {
        precondition(limbs.isLess(than: Self.modulusLimbs), "canonical value is not below the modulus")
        self.init(montgomeryLimbs: Self.montgomeryMultiply(limbs, Self.montgomeryR2Limbs))
    }

    /// The canonical value in [0, p).
    @inlinable
    public var canonicalLimbs: Limbs {
        Self.montgomeryMultiply(montgomeryLimbs, Limbs(l0: 1, l1: 0, l2: 0, l3: 0))
    }

    /// The element n mod p.
    @inlinable
    public init(_ n: UInt64) {
        self.init(canonicalLimbs: Limbs(l0: n, l1: 0, l2: 0, l3: 0))
    }

    /// The element n mod p, negative values included.
    @inlinable
    public init(_ n: Int) {
        let magnitude = Self(UInt64(n.magnitude))
        self = n < 0 ? -magnitude : magnitude
    }

    /// The modulus p as a big integer.
    public static var modulus: BigInt { BigInt(limbs: modulusLimbs.words) }
}
