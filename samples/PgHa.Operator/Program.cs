Console.Error.WriteLine("PgHa.Operator: under construction");
return 2;
