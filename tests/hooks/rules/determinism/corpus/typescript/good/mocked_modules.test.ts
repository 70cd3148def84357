// expect: none
import axios from 'axios';
import { v4 } from 'uuid';
import { load } from '../solution/load';

jest.mock('axios');
jest.mock('uuid');

test('loads', async () => {
  (axios.get as jest.Mock).mockResolvedValue({ data: [v4()] });
  await expect(load(1)).resolves.toHaveLength(1);
});
