namespace Recurrent.Tensors;

/// <summary>One piece of a data-parallel job: <see cref="Execute"/> is called once for each chunk 0..chunks-1, on some thread.</summary>
internal interface IParallelWork
{
    void Execute(int chunk);
}
