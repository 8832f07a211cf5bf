namespace ReluStudy.Core.Curvature;

/// <summary>
/// The loss Hessian's two largest eigenvalues and its Gauss–Newton part's largest, at one point of training, each
/// with its Lanczos residual bound r (an eigenvalue lies within r of the value; none of the top ones is below it), and
/// <see cref="Steps"/>, the operator products both Lanczos runs took together (the measurement's cost in HVPs).
/// </summary>
public readonly record struct SharpnessMeasure(
    double Top, double Second, double GaussNewton, double TopResidual, double SecondResidual, double GaussNewtonResidual, int Steps);
