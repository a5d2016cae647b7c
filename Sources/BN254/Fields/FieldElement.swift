/// The arithmetic every field of the tower offers (F_r, F_q, F_q2, F_q6, F_q12), so that curve
/// arithmetic can be written once for G1 (over F_q) and G2 (over F_q2).
///
/// Generic code over this protocol is `@inlinable` and is specialized by the compiler for each
/// concrete field: there is no dynamic dispatch in the compiled hot loops.
public protocol FieldElement: Sendable, Hashable, CustomStringConvertible {
    static var zero: Self { get }
    static var one: Self { get }
    var isZero: Bool { get }
    var isOne: Bool { get }
    static func + (a: Self, b: Self) -> Self
    static func - (a: Self, b: Self) -> Self
    static func * (a: Self, b: Self) -> Self
    static prefix func - (a: Self) -> Self
    /// self².
    func squared() -> Self
    /// 2·self.
    func doubled() -> Self
    /// The multiplicative inverse; nil for 0.
    func inverse() -> Self?
}

extension Fr: FieldElement {}
extension Fq: FieldElement {}
extension Fq2: FieldElement {}
extension Fq6: FieldElement {}
extension Fq12: FieldElement {
    @inlinable public func doubled() -> Fq12 { Fq12(c0.doubled(), c1.doubled()) }
}
