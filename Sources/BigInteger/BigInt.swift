// BigInteger: an arbitrary-precision signed integer value type backed by GMP's mpz_t.
//
// Storage model: every `BigInt` holds a reference to an `MPZStorage`, a final class that owns a
// heap-allocated, initialised `__mpz_struct`. The struct is copy-on-write: mutating operations
// copy the storage first unless it is uniquely referenced. GMP only ever sees the pointer
// allocated by `MPZStorage`, never the address of a Swift property.
internal import CGMP

/// Owner of one heap-allocated, initialised GMP integer (internal; immutable once shared).
final class MPZStorage: @unchecked Sendable {
    /// The GMP integer; allocated with capacity 1, initialised in `init`, cleared in `deinit`.
    let pointer: UnsafeMutablePointer<__mpz_struct>

    /// Creates storage holding zero.
    init() {
        pointer = UnsafeMutablePointer<__mpz_struct>.allocate(capacity: 1)
        __gmpz_init(pointer)
    }

    /// Creates storage holding a copy of `other`'s value.
    init(copying other: MPZStorage) {
        pointer = UnsafeMutablePointer<__mpz_struct>.allocate(capacity: 1)
        withExtendedLifetime(other) { __gmpz_init_set(pointer, other.pointer) }
    }

    deinit {
        __gmpz_clear(pointer)
        pointer.deallocate()
    }
}

/// An arbitrary-precision signed integer (copy-on-write value type backed by GMP).
public struct BigInt: Sendable {
    /// Shared GMP storage; never mutated unless uniquely referenced.
    var storage: MPZStorage

    /// Wraps existing storage (which the caller must not mutate afterwards).
    init(storage: MPZStorage) {
        self.storage = storage
    }

    /// Calls `body` with a read-only pointer to the GMP value, keeping the storage alive.
    @inline(__always)
    func withMPZ<R>(_ body: (UnsafePointer<__mpz_struct>) throws -> R) rethrows -> R {
        let s = storage
        return try withExtendedLifetime(s) { try body(UnsafePointer(s.pointer)) }
    }

    /// Calls `body` with a mutable pointer to the GMP value, copying first if shared.
    @inline(__always)
    mutating func withMutableMPZ<R>(_ body: (UnsafeMutablePointer<__mpz_struct>) throws -> R) rethrows -> R {
        if !isKnownUniquelyReferenced(&storage) {
            storage = MPZStorage(copying: storage)
        }
        let s = storage
        return try withExtendedLifetime(s) { try body(s.pointer) }
    }

    /// Builds a new value by letting `body` write into fresh (zero-initialised) storage.
    @inline(__always)
    static func build(_ body: (UnsafeMutablePointer<__mpz_struct>) throws -> Void) rethrows -> BigInt {
        let s = MPZStorage()
        try body(s.pointer)
        return BigInt(storage: s)
    }

    // MARK: Initialisers

    /// Creates zero.
    public init() {
        self.storage = MPZStorage()
    }

    /// Creates a value equal to `value`.
    public init(_ value: Int) {
        let s = MPZStorage()
        __gmpz_set_si(s.pointer, value)
        self.storage = s
    }

    /// Creates a value equal to `value`.
    public init(_ value: UInt64) {
        let s = MPZStorage()
        __gmpz_set_ui(s.pointer, UInt(value))
        self.storage = s
    }

    /// Creates a non-negative value from little-endian 64-bit limbs (`limbs[0]` is least significant).
    public init(limbs: [UInt64]) {
        let s = MPZStorage()
        if !limbs.isEmpty {
            limbs.withUnsafeBytes { raw in
                // order -1: least significant word first; endian 0: native word byte order.
                __gmpz_import(s.pointer, limbs.count, -1, MemoryLayout<UInt64>.size, 0, 0, raw.baseAddress)
            }
        }
        self.storage = s
    }

    /// Creates a non-negative value from any collection of little-endian 64-bit limbs.
    public init<C: Collection>(littleEndianLimbs: C) where C.Element == UInt64 {
        self.init(limbs: Array(littleEndianLimbs))
    }

    // MARK: Basic properties

    /// True when the value is zero.
    public var isZero: Bool {
        withMPZ { cgmp_sgn($0) == 0 }
    }

    /// The sign of the value: -1, 0 or 1.
    public var signum: Int {
        withMPZ { Int(cgmp_sgn($0)) }
    }

    /// True when the value is odd (negative values included).
    public var isOdd: Bool {
        withMPZ { cgmp_odd_p($0) != 0 }
    }

    /// True when the value is negative.
    public var isNegative: Bool {
        withMPZ { cgmp_sgn($0) < 0 }
    }

    /// Number of significant bits of |self|; 0 for zero.
    public var bitWidth: Int {
        withMPZ { cgmp_sgn($0) == 0 ? 0 : Int(__gmpz_sizeinbase($0, 2)) }
    }

    /// Bit `i` (i >= 0) of the value in infinite two's complement (GMP `mpz_tstbit`); for non-negative values this is bit `i` of the magnitude.
    public func bit(_ i: Int) -> Bool {
        precondition(i >= 0, "BigInt.bit: negative bit index \(i)")
        return withMPZ { __gmpz_tstbit($0, UInt(i)) != 0 }
    }

    /// The absolute value |self|.
    public var magnitude: BigInt {
        if signum >= 0 { return self }
        return withMPZ { src in BigInt.build { __gmpz_abs($0, src) } }
    }
}

extension BigInt: ExpressibleByIntegerLiteral {
    /// Creates a value from an integer literal (limited to the `Int` range).
    public init(integerLiteral value: Int) {
        self.init(value)
    }
}

extension BigInt: Equatable, Hashable, Comparable {
    /// Numeric equality.
    public static func == (lhs: BigInt, rhs: BigInt) -> Bool {
        if lhs.storage === rhs.storage { return true }
        return lhs.withMPZ { a in rhs.withMPZ { b in __gmpz_cmp(a, b) == 0 } }
    }

    /// Numeric ordering.
    public static func < (lhs: BigInt, rhs: BigInt) -> Bool {
        lhs.withMPZ { a in rhs.withMPZ { b in __gmpz_cmp(a, b) < 0 } }
    }

    /// Hashes the sign and magnitude limbs (consistent with `==`).
    public func hash(into hasher: inout Hasher) {
        withMPZ { p in
            hasher.combine(Int(cgmp_sgn(p)))
            let n = cgmp_limb_count(p)
            for i in 0..<n {
                hasher.combine(UInt(cgmp_limb(p, i)))
            }
        }
    }
}

extension BigInt: CustomStringConvertible {
    /// The decimal representation.
    public var description: String { decimalString }
}
