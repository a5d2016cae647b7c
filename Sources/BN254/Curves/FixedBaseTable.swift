/// Precomputed multiples of one base point for many scalar multiplications by that point: for
/// each 8-bit window w and digit d the affine point d·2^(8w)·P, so that [k]P costs at most 32
/// mixed additions and no doubling (the fixed-base comb/window method, Hankerson, Menezes and
/// Vanstone, "Guide to Elliptic Curve Cryptography", §3.3.1). Used by key generation, which
/// multiplies the generators by hundreds of thousands of scalars.
public struct FixedBaseTable<Curve: ShortWeierstrassCurve>: Sendable {
    @usableFromInline static var windowBits: Int { 8 }
    @usableFromInline static var windowCount: Int { 32 }
    /// windowCount rows of 255 points: row w holds d·2^(8w)·P for d = 1…255.
    @usableFromInline let table: [AffinePoint<Curve>]

    /// The table for `base` (8,160 points, computed with one batch inversion).
    public init(base: AffinePoint<Curve>) {
        var points: [JacobianPoint<Curve>] = []
        points.reserveCapacity(Self.windowCount * 255)
        var rowBase = JacobianPoint(base)
        for _ in 0..<Self.windowCount {
            var multiple = rowBase
            for _ in 1...255 {
                points.append(multiple)
                multiple += rowBase
            }
            for _ in 0..<Self.windowBits { rowBase = rowBase.doubled() }
        }
        table = JacobianPoint.batchToAffine(points)
    }

    /// [k]P for the canonical value of `scalar`.
    @inlinable
    public func multiply(_ scalar: Fr) -> JacobianPoint<Curve> {
        let limbs = scalar.canonicalLimbs
        var result = JacobianPoint<Curve>.infinity
        table.withUnsafeBufferPointer { rows in
            for window in 0..<Self.windowCount {
                let digit = Int((limbs[window >> 3] >> UInt64((window & 7) * 8)) & 0xFF)
                if digit != 0 { result = result.adding(rows[window * 255 + digit - 1]) }
            }
        }
        return result
    }

    /// [k_i]P for every scalar, on `threads` workers, as affine points (one batch inversion per
    /// worker).
    public func multiply(_ scalars: [Fr], threads: Int) -> [AffinePoint<Curve>] {
        let count = scalars.count
        var output = [AffinePoint<Curve>](repeating: .infinity, count: count)
        output.withUnsafeMutableBufferPointer { out in
            runInParallel(chunksOf: count, workers: threads) { range in
                let products = range.map { multiply(scalars[$0]) }
                for (offset, point) in JacobianPoint.batchToAffine(products).enumerated() {
                    out[range.lowerBound + offset] = point
                }
            }
        }
        return output
    }
}
