import BN254

/// A wire of a `ConstraintSystem`, named by its allocation index; `Variable.one` is the constant-1
/// wire that circom places at index 0 (iden3 r1csfile spec: "wire 0 is always the constant 1").
public struct Variable: Hashable, Comparable, Sendable {
    let rawIndex: UInt32

    init(rawIndex: UInt32) { self.rawIndex = rawIndex }

    /// The allocation index (the order the solver computes wires in; not the exported wire id).
    public var index: Int { Int(rawIndex) }

    /// The constant-1 wire.
    public static let one = Variable(rawIndex: 0)

    /// Orders variables by allocation index.
    public static func < (lhs: Variable, rhs: Variable) -> Bool { lhs.rawIndex < rhs.rawIndex }
}

/// One term `coefficient · variable` of a linear combination (a row entry of an R1CS matrix).
public struct Term: Equatable, Sendable {
    /// The wire the term multiplies.
    public var variable: Variable
    /// Its coefficient.
    public var coefficient: Fr

    /// The term `coefficient · variable`.
    public init(_ variable: Variable, _ coefficient: Fr) {
        self.variable = variable
        self.coefficient = coefficient
    }
}

/// Anything that can stand for a linear combination in a constraint: `Variable`,
/// `LinearCombination`, `Fr` and `Int` (constants, i.e. multiples of wire 0).
public protocol LinearCombinationConvertible {
    /// The value as a linear combination.
    var linearCombination: LinearCombination { get }
}

/// A sparse sum Σ cᵢ·wᵢ over wires, the constant being the coefficient of `Variable.one`
/// (the form of each of A, B, C in an iden3 r1cs constraint). Terms may repeat until
/// `normalized()`, so `+` is an append.
public struct LinearCombination: LinearCombinationConvertible, ExpressibleByIntegerLiteral, Sendable {
    /// The terms, possibly with repeated variables and zero coefficients.
    public private(set) var terms: [Term]

    /// The zero combination.
    public init() { terms = [] }

    /// The combination with exactly `terms`.
    public init(terms: [Term]) { self.terms = terms }

    /// The combination 1·variable.
    public init(_ variable: Variable) { terms = [Term(variable, .one)] }

    /// The constant `value` (value·wire 0).
    public init(constant value: Fr) { terms = value.isZero ? [] : [Term(.one, value)] }

    /// The constant `value`, so that literals work in constraints (`x - 1`).
    public init(integerLiteral value: Int) { self.init(constant: Fr(value)) }

    /// Itself.
    public var linearCombination: LinearCombination { self }

    /// Appends `coefficient · variable`.
    public mutating func add(_ coefficient: Fr, _ variable: Variable) {
        terms.append(Term(variable, coefficient))
    }

    /// The same combination sorted by variable, with repeated variables merged and zero terms dropped.
    public func normalized() -> LinearCombination {
        var sorted = terms
        if !sorted.isEmpty && !zip(sorted, sorted.dropFirst()).allSatisfy({ $0.variable < $1.variable }) {
            sorted.sort { $0.variable < $1.variable }
        }
        var merged: [Term] = []
        merged.reserveCapacity(sorted.count)
        for term in sorted {
            if let last = merged.last, last.variable == term.variable {
                merged[merged.count - 1].coefficient += term.coefficient
            } else {
                merged.append(term)
            }
        }
        merged.removeAll { $0.coefficient.isZero }
        return LinearCombination(terms: merged)
    }

    /// The sum.
    public static func + (lhs: LinearCombination, rhs: LinearCombination) -> LinearCombination {
        LinearCombination(terms: lhs.terms + rhs.terms)
    }

    /// The difference.
    public static func - (lhs: LinearCombination, rhs: LinearCombination) -> LinearCombination {
        lhs + (-rhs)
    }

    /// The negation.
    public static prefix func - (value: LinearCombination) -> LinearCombination {
        LinearCombination(terms: value.terms.map { Term($0.variable, -$0.coefficient) })
    }

    /// The combination scaled by `scalar`.
    public static func * (scalar: Fr, value: LinearCombination) -> LinearCombination {
        LinearCombination(terms: value.terms.map { Term($0.variable, scalar * $0.coefficient) })
    }

    /// The combination scaled by `scalar`.
    public static func * (value: LinearCombination, scalar: Fr) -> LinearCombination { scalar * value }

    /// Adds `rhs` in place.
    public static func += (lhs: inout LinearCombination, rhs: LinearCombination) { lhs.terms += rhs.terms }

    /// Subtracts `rhs` in place.
    public static func -= (lhs: inout LinearCombination, rhs: LinearCombination) { lhs.terms += (-rhs).terms }

    /// Adds `rhs` (one term) in place.
    public static func += (lhs: inout LinearCombination, rhs: Variable) { lhs.add(.one, rhs) }

    /// Adds the constant `rhs` in place.
    public static func + (lhs: LinearCombination, rhs: Fr) -> LinearCombination { lhs + LinearCombination(constant: rhs) }

    /// Subtracts the constant `rhs`.
    public static func - (lhs: LinearCombination, rhs: Fr) -> LinearCombination { lhs + LinearCombination(constant: -rhs) }

    /// Adds a variable.
    public static func + (lhs: LinearCombination, rhs: Variable) -> LinearCombination { lhs + LinearCombination(rhs) }

    /// Subtracts a variable.
    public static func - (lhs: LinearCombination, rhs: Variable) -> LinearCombination { lhs - LinearCombination(rhs) }
}

extension Variable: LinearCombinationConvertible {
    /// 1·self.
    public var linearCombination: LinearCombination { LinearCombination(self) }

    /// The sum of two wires.
    public static func + (lhs: Variable, rhs: Variable) -> LinearCombination { LinearCombination(lhs) + LinearCombination(rhs) }

    /// The difference of two wires.
    public static func - (lhs: Variable, rhs: Variable) -> LinearCombination { LinearCombination(lhs) - LinearCombination(rhs) }

    /// A wire plus a combination.
    public static func + (lhs: Variable, rhs: LinearCombination) -> LinearCombination { LinearCombination(lhs) + rhs }

    /// A wire minus a combination.
    public static func - (lhs: Variable, rhs: LinearCombination) -> LinearCombination { LinearCombination(lhs) - rhs }

    /// A wire plus a constant.
    public static func + (lhs: Variable, rhs: Fr) -> LinearCombination { LinearCombination(lhs) + rhs }

    /// A wire minus a constant.
    public static func - (lhs: Variable, rhs: Fr) -> LinearCombination { LinearCombination(lhs) - rhs }

    /// The negated wire.
    public static prefix func - (value: Variable) -> LinearCombination { -LinearCombination(value) }

    /// The wire scaled by `scalar`.
    public static func * (scalar: Fr, value: Variable) -> LinearCombination {
        LinearCombination(terms: [Term(value, scalar)])
    }

    /// The wire scaled by `scalar`.
    public static func * (value: Variable, scalar: Fr) -> LinearCombination { scalar * value }
}

extension Fr: LinearCombinationConvertible {
    /// The constant self·wire 0.
    public var linearCombination: LinearCombination { LinearCombination(constant: self) }
}

extension Int: LinearCombinationConvertible {
    /// The constant self·wire 0.
    public var linearCombination: LinearCombination { LinearCombination(constant: Fr(self)) }
}
